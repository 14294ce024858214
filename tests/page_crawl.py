"""A crawler that collects the HTML pages of the storefront, the portal and the back office.

Used by tests/test_page_quality.py (Nu Html Checker) and tests/e2e/test_accessibility_browser.py
(axe-core) on the world of tests/quality_world.py. An area is the storefront (every blueprint but
the portal and the back office), the producer portal (`portal.*`) or the back office (`admin.*`);
each visit follows GET links inside its area and its language only, from its start pages, as its
visitor, through the test client.
"""
from __future__ import annotations

import os
import shutil
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from flask import current_app
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from ocop_shop.extensions import db

from .conftest import post_form, sign_in
from .quality_world import PASSWORD, Visit, build_quality_world
from .test_checkout import FORM as DELIVERY

LANGS = ("vi", "en")
# Links never followed: files and feeds, not pages.
SKIP_SUFFIXES = (".csv", ".json", ".xml", ".txt", ".webp", ".png", ".jpg", ".jpeg", ".svg", ".pdf", ".ico")
SKIP_PREFIXES = ("/static/", "/media/", "/webhooks/", "/beacon/")
# At most this many pages of one endpoint (filters, sort orders and pages of a list add up fast).
PER_ENDPOINT = 6
LIMIT = 150  # pages per area and language


def _unavailable(reason: str):
    """Skip saying why; REQUIRE_E2E=1 (set by .ci/run) makes it a failure."""
    import pytest

    if os.environ.get("REQUIRE_E2E") == "1":
        pytest.fail(f"REQUIRE_E2E=1 but {reason}")
    pytest.skip(reason)


def require_java() -> str:
    java = shutil.which("java")
    if java is None:
        _unavailable("Java is not installed (apt-get install -y default-jre-headless): the Nu Html Checker needs it")
    return java


@dataclass
class Page:
    url: str
    endpoint: str
    status: int
    html: str
    found_on: str = ""
    who: str = ""


def area_of(endpoint: str) -> str:
    blueprint = endpoint.split(".", 1)[0]
    return blueprint if blueprint in ("portal", "admin") else "storefront"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links(html: str, base: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:", "#")):
            continue
        parts = urlsplit(urljoin("http://localhost" + base, href))
        if parts.netloc != "localhost":
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _endpoint(path: str) -> str | None:
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, _args = adapter.match(urlsplit(path).path, method="GET")
    except RequestRedirect as redirect:
        return _endpoint(urlsplit(redirect.new_url).path)
    except HTTPException:
        return None
    return endpoint


def _in_area(path: str, area: str, lang: str) -> str | None:
    """The endpoint of a link that stays inside the area and the language, else None."""
    plain = urlsplit(path).path
    if plain.startswith(SKIP_PREFIXES) or not plain.startswith(f"/{lang}/"):
        return None
    endpoint = _endpoint(path)
    return endpoint if endpoint is not None and area_of(endpoint) == area else None


def _is_file(path: str) -> bool:
    return urlsplit(path).path.lower().endswith(SKIP_SUFFIXES)


def _location(path: str, response) -> str:
    target = urlsplit(urljoin("http://localhost" + path, response.headers["Location"]))
    return target.path + (f"?{target.query}" if target.query else "")


def crawl(client, area: str, lang: str, starts: list[str], reached: set[str], limit: int = LIMIT) -> dict[str, Page]:
    """Breadth first from `starts`: every distinct HTML page of the area in `lang` (GET only).
    `reached` gains every endpoint fetched or linked to as a file (a CSV export, say)."""
    queue = deque((start.format(lang=lang), "") for start in starts)
    seen = {path for path, _ in queue}
    pages: dict[str, Page] = {}
    per_endpoint: dict[str, int] = {}

    def enqueue(link: str, found_on: str) -> None:
        endpoint = _in_area(link, area, lang)
        if endpoint is not None and _is_file(link):
            reached.add(endpoint)
        elif endpoint is not None and link not in seen:
            seen.add(link)
            queue.append((link, found_on))

    while queue and len(pages) < limit:
        path, found_on = queue.popleft()
        endpoint = _endpoint(path)
        if endpoint is None or per_endpoint.get(endpoint, 0) >= PER_ENDPOINT:
            continue
        response = client.get(path)
        reached.add(endpoint)
        if response.status_code in (301, 302, 303, 307, 308):
            enqueue(_location(path, response), found_on)
        elif response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            per_endpoint[endpoint] = per_endpoint.get(endpoint, 0) + 1
            pages[path] = Page(path, endpoint, response.status_code, html, found_on)
            for link in links(html, path):
                enqueue(link, path)
    return pages


@dataclass
class Crawl:
    areas: dict[str, list[Page]]  # storefront, portal, admin → pages
    sessions: dict[str, str]  # who → the session cookie their pages were fetched with
    reached: dict[str, set[str]]  # area → endpoints fetched or linked to


def crawl_all(app) -> Crawl:
    """Builds the world and makes each visit in each language."""
    crawled = Crawl({"storefront": [], "portal": [], "admin": []}, {},
                    {"storefront": set(), "portal": set(), "admin": set()})
    for visit in build_quality_world():
        client = app.test_client()
        _start(client, visit)
        for lang in LANGS:
            pages = crawl(client, visit.area, lang, visit.starts, crawled.reached[visit.area])
            for page in pages.values():
                page.who = visit.who
            crawled.areas[visit.area].extend(pages.values())
        cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
        crawled.sessions[visit.who] = cookie.value if cookie else ""
    return crawled


def _start(client, visit: Visit) -> None:
    """Signs the visitor in (office accounts answer the two-step code too, unless the visit stops
    at the password) and fills their cart and checkout details."""
    if visit.user is not None and visit.sign_in == "password":
        response = post_form(client, "/vi/account/login", {"login": visit.user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    elif visit.user is not None:
        db.session.expire(visit.user)  # an earlier visit's sign-in changed the row (its last code step)
        sign_in(client, visit.user, PASSWORD)
    if visit.cart_product is not None:
        product = visit.cart_product
        post_form(client, f"/vi/products/{product.slug}", {"product_id": product.id, "quantity": "1"},
                  post_url="/vi/cart/add")
        assert post_form(client, "/vi/checkout", DELIVERY).status_code == 302


def html_get_endpoints(app, area: str) -> set[str]:
    """The area's endpoints under /<lang>/ that answer GET (the pages a crawl should reach)."""
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/<lang>/") and "GET" in rule.methods and area_of(rule.endpoint) == area}
