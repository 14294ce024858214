"""Each way a page changes, through two app servers sharing one Redis page cache (issue 14):
a change made through server A shows on the very next request to server B, although B had
the page in the shared cache a moment before. The changes go through the real routes, forms
and CSRF: a producer's price and stock edit in the portal, the office publishing a product, and a
campaign starting at its set time (the clock moved; no request changes anything). Skipped
without Redis unless REQUIRE_REDIS=1 (CI)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer
from ocop_shop.timeutil import next_local_midnight

from .conftest import post_form, publish_from_review, sign_in
from .moved_clock import clock  # noqa: F401  (a fixture)
from .test_page_cache_redis import servers  # noqa: F401  (a fixture: two app objects, one Redis)


def _cached_on(server, page: str):
    """A visitor of `server` who has the page from the shared cache; returns their client."""
    visitor = server.test_client()
    visitor.get(page)
    assert visitor.get(page).headers["X-Cache"] == "hit"
    return visitor


def test_a_portal_edit_through_a_shows_on_the_next_request_to_b(servers, factories):  # noqa: F811
    a, b = servers
    noodles = factories.product(name="Miến dong Bắc Sơn", price=90_000, stock=5)
    member = factories.user(role="producer", producer=db.session.get(Producer, noodles.producer_id))
    db.session.commit()
    page = f"/vi/products/{noodles.slug}"
    visitor = _cached_on(b, page)
    producer = a.test_client()
    sign_in(producer, member)
    edited = post_form(producer, f"/vi/producer/products/{noodles.id}",
                       {"price": "120.000", "stock": "0", "stock_seen": "5"},
                       post_url=f"/vi/producer/products/{noodles.id}/price-stock")
    assert edited.status_code == 302
    after = visitor.get(page)
    assert after.headers["X-Cache"] == "miss" and "120.000" in after.text and "stock-out" in after.text


def test_a_publication_in_the_admin_through_a_shows_on_the_next_request_to_b(servers, factories):  # noqa: F811
    a, b = servers
    shown = factories.product(name="Miến dong Bắc Sơn")
    producer = db.session.get(Producer, shown.producer_id)
    waiting = factories.product(name="Trà giảo cổ lam", producer=producer, status="pending_review")
    admin = factories.user(role="admin")
    db.session.commit()
    page = f"/vi/producers/{producer.slug}"
    visitor = _cached_on(b, page)
    assert "Trà giảo cổ lam" not in visitor.get(page).text
    office = a.test_client()
    sign_in(office, admin)
    assert publish_from_review(office, waiting.id).status_code == 302
    after = visitor.get(page)
    assert after.headers["X-Cache"] == "miss" and "Trà giảo cổ lam" in after.text


def test_a_campaign_starting_at_its_time_shows_on_b_with_no_request_in_between(servers, factories, clock):  # noqa: F811
    a, b = servers
    noon = next_local_midnight(datetime.now(timezone.utc)) + timedelta(hours=12)  # noon in Việt Nam
    starts = noon + timedelta(minutes=5)
    noodles = factories.product(name="Miến dong Bắc Sơn", price=90_000, stock=5)
    factories.campaign(noodles, percent=20, starts_at=starts, ends_at=starts + timedelta(days=2))
    db.session.commit()
    page = f"/vi/products/{noodles.slug}"
    clock(noon)
    assert "72.000" not in a.test_client().get(page).text  # A renders and stores it
    clock(starts - timedelta(seconds=1))
    visitor = b.test_client()
    assert visitor.get(page).headers["X-Cache"] == "hit"  # B serves A's entry
    clock(starts)
    after = visitor.get(page)
    assert after.headers["X-Cache"] == "miss" and "72.000" in after.text
