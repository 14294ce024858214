"""A world with a bit of everything and a crawler that collects its HTML pages, area by area.

Used by tests/test_page_quality.py (Nu Html Checker) and tests/e2e/test_accessibility_browser.py
(axe-core). An area is the storefront (every blueprint but the portal and the back office), the
producer portal (`portal.*`) or the back office (`admin.*`); the crawl follows GET links inside
its area and its language only, from the area's start pages, as the area's user.
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

from ocop_shop import audit
from ocop_shop.accounts.models import User
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.orders import services as order_services
from ocop_shop.producers.members import invite_member
from ocop_shop.producers.models import ProducerPhoto

from .conftest import post_form
from .conftest import sign_in as conftest_sign_in
from .factories import Factories, a_day
from .portal_world import build_world
from .test_checkout import FORM as DELIVERY

LANGS = ("vi", "en")
PASSWORD = "correct horse battery"
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


@dataclass
class Visit:
    """One crawl: an area, who is signed in (None: nobody), where it starts."""
    area: str
    user: object | None
    starts: list[str]
    cart_product: object | None = None


def area_of(endpoint: str) -> str:
    blueprint = endpoint.split(".", 1)[0]
    return blueprint if blueprint in ("portal", "admin") else "storefront"


def build_quality_world() -> list[Visit]:
    """Producer A's portal world (products, a draft, an archived one, changes waiting, a certificate,
    parcels, bookings, members…) and more (_add_variety); returns the crawls to make. Start pages
    may answer with an error on purpose (a missing product, the portal refusing someone)."""
    world = build_world()
    extra = _add_variety(world)
    db.session.commit()
    admin_start = "/{lang}/admin/" if "admin.home" in current_app.view_functions else "/{lang}/admin/payments/transfers"
    booking = extra["booking"]
    return [
        Visit("storefront", None, ["/{lang}/", "/{lang}/account/login", "/{lang}/account/register",
                                   "/{lang}/producer/join", "/{lang}/search?q=mi%E1%BA%BFn",
                                   "/{lang}/products/khong-co-san-pham-nay", "/{lang}/age-declaration",
                                   f"/{{lang}}/producer/join/invite/{extra['invitation_token']}"]),
        Visit("storefront", world.users["customer"],
              ["/{lang}/", "/{lang}/account/orders", "/{lang}/cart", "/{lang}/checkout", "/{lang}/checkout/review",
               "/{lang}/producer/",
               f"/{{lang}}/bookings/{booking.id}", f"/{{lang}}/bookings/{booking.id}/cancel"],
              cart_product=db.session.get(Product, world.a_product_id)),
        Visit("storefront", world.users["pending"], ["/{lang}/producer/join/status", "/{lang}/producer/"]),
        Visit("portal", world.users["producer_a"], ["/{lang}/producer/"]),
        Visit("portal", extra["suspended_member"], ["/{lang}/producer/orders", "/{lang}/producer/"]),
        Visit("admin", world.users["admin"], [admin_start]),
    ]


def _add_variety(world) -> dict:
    """A product waiting for review, one sent back, a certified liquor with two photos, a second
    story photo, a customer's order and booking, a producer application, a suspended producer
    with an order, a certificate expiring within 30 days, a revoked one, a paid order and an
    audit row."""
    f = Factories()
    customer = world.users["customer"]
    f.product(producer=world.a, name="Trà giảo cổ lam A", status="pending_review")
    f.product(producer=world.a, name="Mật ong A", status="draft", review_note="Ảnh chưa rõ nhãn.")
    liquor = f.product(producer=world.a, name="Rượu ngô A", category="ruou", abv=40, stars=3)
    f.product_image(liquor)
    f.product_image(liquor, colour=(150, 90, 40))
    db.session.add(ProducerPhoto(producer_id=world.a.id, key="e" * 32, width=800, height=600, alt={}, position=2))
    f.order((liquor, 1), payment_method="bank_transfer", user=customer)
    booking = f.booking(db.session.get(Product, world.extra["stay"]), user=customer)
    f.producer(name="HTX Mới nộp đơn", status="pending")
    suspended = f.producer(name="HTX Tạm dừng C")
    f.order((f.product(producer=suspended, name="Chè đắng C"), 1), payment_method="cod")
    suspended.status, suspended.status_reason = "suspended", "Hồ sơ an toàn thực phẩm hết hạn."
    honey = f.product(producer=world.b, name="Mật ong bạc hà B", status="published")
    f.certification(honey, stars=4, issued_on=a_day(-1070), expires_on=a_day(20))
    f.certification(f.product(producer=world.b, name="Hồng vành khuyên B"), stars=3, revoked=True)
    paid = f.order((honey, 2), payment_method="bank_transfer", user=customer)
    order_services.set_payment_status(paid, "paid")
    audit.record(world.users["admin"], "producer.approve", world.b, changes={"status": ["pending", "approved"]})
    _invitation, token = invite_member(world.a, db.session.get(User, world.a_user_id), "Lò Thị Mai", "0966000222", None)
    return {"booking": booking, "suspended_member": f.user(role="producer", producer=suspended, name="Chủ C"),
            "invitation_token": token}


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


def sign_in(client, user) -> None:
    conftest_sign_in(client, user, PASSWORD)  # office accounts answer the two-step code too


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


def _fill_cart_and_checkout(client, product) -> None:
    """A cart with one product and the checkout's delivery details saved (the review page opens)."""
    post_form(client, f"/vi/products/{product.slug}", {"product_id": product.id, "quantity": "1"},
              post_url="/vi/cart/add")
    assert post_form(client, "/vi/checkout", DELIVERY).status_code == 302


@dataclass
class Crawl:
    areas: dict[str, list[Page]]  # storefront, portal, admin → pages
    users: dict[str, object]  # who (a role) → the signed-in user of those pages
    reached: dict[str, set[str]]  # area → endpoints fetched or linked to


def crawl_all(app) -> Crawl:
    """Builds the world and makes each crawl in each language."""
    crawled = Crawl({"storefront": [], "portal": [], "admin": []}, {},
                    {"storefront": set(), "portal": set(), "admin": set()})
    for visit in build_quality_world():
        client = app.test_client()
        who = "anonymous"
        if visit.user is not None:
            sign_in(client, visit.user)
            who = visit.user.role
            crawled.users[who] = visit.user
        if visit.cart_product is not None:
            _fill_cart_and_checkout(client, visit.cart_product)
        for lang in LANGS:
            pages = crawl(client, visit.area, lang, visit.starts, crawled.reached[visit.area])
            for page in pages.values():
                page.who = who
            crawled.areas[visit.area].extend(pages.values())
    return crawled


def html_get_endpoints(app, area: str) -> set[str]:
    """The area's endpoints under /<lang>/ that answer GET (the pages a crawl should reach)."""
    return {rule.endpoint for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/<lang>/") and "GET" in rule.methods and area_of(rule.endpoint) == area}
