"""No serious or critical axe-core violation on the storefront, the portal and the back office, at 360 px.

The pages come from the crawl of tests/test_page_quality.py (tests/page_crawl.py on the world of
tests/quality_world.py: every area in Vietnamese and English, as each kind of visitor); here one
page per endpoint (the first the crawl found in Vietnamese; an error page counts apart) and the
English start pages are opened in Debian's Chromium at 360 × 780, in a context holding the crawl's
session for the page's visitor, and axe-core (axe.min.js 4.12.1, bundled by the pinned
`axe-playwright-python` package; nothing is downloaded) checks each with its default rules. The
test prints every serious or critical violation and fails listing them.

Run: `.venv/bin/pytest tests/e2e/test_accessibility_browser.py -s` (one to two minutes; it skips
saying why without Chromium or Playwright, and fails instead under REQUIRE_E2E=1, as CI runs it).
"""
from __future__ import annotations

import pytest

from ..page_crawl import crawl_all

BLOCKING = ("serious", "critical")


def _pages_to_check(areas: dict) -> dict[str, list]:
    """One page per (endpoint, status) in each area, in Vietnamese, and the English start pages;
    grouped by who sees them."""
    chosen: dict[str, list] = {}
    seen = set()
    for area, pages in areas.items():
        for page in pages:
            lang = page.url.split("/")[1]
            if lang != "vi" and page.found_on:
                continue  # English: the start pages only
            key = (area, page.endpoint, page.status, lang)
            if key not in seen:
                seen.add(key)
                chosen.setdefault(page.who, []).append(page)
    return chosen


def _context_as(browser, app, live_server, session: str):
    """A 360 px browser context holding the crawl's session cookie: the same visitor, signed in
    the same way, with the same cart."""
    # bypass_csp: axe is injected as a script; the site's CSP allows no script but its own files.
    context = browser.new_context(viewport={"width": 360, "height": 780}, device_scale_factor=1, bypass_csp=True)
    if session:
        context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"], "value": session, "url": live_server}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


def _violations(axe, page) -> list[str]:
    results = axe.run(page).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] in BLOCKING:
            targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            found.append(f"{violation['impact']} {violation['id']}: {violation['help']} [{targets}]")
    return found


def test_no_serious_or_critical_axe_violation_at_360px(app, live_server, browser):
    from axe_playwright_python.sync_playwright import Axe

    crawled = crawl_all(app)
    axe = Axe()
    failures = []
    checked = 0
    for who, pages in _pages_to_check(crawled.areas).items():
        context, tab = _context_as(browser, app, live_server, crawled.sessions[who])
        try:
            for page in pages:
                tab.goto(live_server + page.url)
                checked += 1
                for line in _violations(axe, tab):
                    failures.append(f"{page.url} ({page.endpoint}, as {who}): {line}")
        finally:
            context.close()
    print("\n".join(failures))
    if failures:
        pytest.fail(f"{len(failures)} serious or critical axe violation(s) on {checked} pages:\n" + "\n".join(failures),
                    pytrace=False)
