"""The page cache (ocop_shop/page_cache): who gets a cached page, what it holds, and that every
change shows on the very next request (in-memory cache, version stamp in the database)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from flask import Response, flash
from flask import session as flask_session
from flask_wtf.csrf import validate_csrf
from sqlalchemy import update

from ocop_shop.catalog import alcohol
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.page_cache import policy, tokens
from ocop_shop.producers.models import Producer
from ocop_shop.timeutil import local_today, next_local_midnight

from .conftest import CSRF_RE, csrf_from, post_form, publish_from_review
from .moved_clock import clock  # noqa: F401  (a fixture)

pytestmark = pytest.mark.config(PAGE_CACHE="on")


def _x(response) -> str:
    return response.headers.get("X-Cache", "")


@pytest.fixture
def noodles(factories):
    product = factories.product(name="Miến dong Bắc Sơn", price=90_000, stock=5)
    db.session.commit()
    return product


def _page(product) -> str:
    return f"/vi/products/{product.slug}"


# --- who gets a cached page --------------------------------------------------------------------

def test_the_second_anonymous_get_is_a_hit_with_the_same_page(client, noodles):
    first = client.get("/vi/")
    second = client.get("/vi/")
    assert (_x(first), _x(second)) == ("miss", "hit")
    assert second.get_data() == first.get_data() and "Miến dong Bắc Sơn" in second.text
    head = client.head("/vi/")
    assert _x(head) == "hit" and head.status_code == 200
    # the security headers are added to answers from the cache as well
    assert "frame-ancestors 'none'" in second.headers["Content-Security-Policy"]


def test_each_url_and_language_is_its_own_entry(client, noodles):
    assert _x(client.get("/vi/producers")) == "miss"
    assert _x(client.get("/en/producers")) == "miss"
    english = client.get("/en/producers")
    assert _x(english) == "hit" and 'lang="en"' in english.text
    assert _x(client.get("/vi/search?q=mi%E1%BA%BFn")) == "miss"
    assert _x(client.get("/vi/search?q=h%E1%BA%A1t")) == "miss"


def test_a_signed_in_visitor_is_never_served_from_the_cache(client, noodles, login_as):
    client.get(_page(noodles))
    user = login_as("customer")
    page = client.get(_page(noodles))
    assert _x(page) == "bypass"
    assert "Đăng xuất" in page.text or user.name in page.text or "/account/logout" in page.text


def test_a_visitor_with_a_cart_is_not_served_from_the_cache(client, noodles):
    html = client.get(_page(noodles)).text
    assert _x(client.get(_page(noodles))) == "hit"
    added = client.post("/vi/cart/add", data={"csrf_token": csrf_from(html), "product_id": noodles.id, "quantity": 1})
    assert added.status_code == 302
    assert _x(client.get(_page(noodles))) == "bypass"
    assert _x(client.get("/vi/")) == "bypass"


def test_flashed_messages_are_never_cached_or_served_from_the_cache(client, noodles):
    client.get("/vi/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Tin nhắn riêng cho khách này")]
    shown = client.get("/vi/")
    assert _x(shown) == "bypass" and "Tin nhắn riêng cho khách này" in shown.text
    other = client.application.test_client()
    assert _x(other.get("/vi/")) == "hit" and "Tin nhắn riêng" not in other.get("/vi/").text


def test_pages_that_are_not_listed_are_never_cached(client, noodles):
    for url in ("/vi/cart", "/vi/account/login", "/vi/age-declaration", "/vi/privacy"):
        client.get(url)
        assert _x(client.get(url)) == "bypass", url
    assert _x(client.get("/vi/products/khong-co-san-pham-nay")) == "bypass"  # a 404


def test_liquor_pages_are_keyed_on_the_age_declaration(client, factories):
    liquor = factories.product(name="Rượu ngô Bảo Lạc", price=150_000, abv=29.5)
    db.session.commit()
    hidden = client.get(_page(liquor))
    assert "150.000" not in hidden.text
    assert _x(client.get(_page(liquor))) == "hit"
    post_form(client, "/vi/age-declaration", {"name": "Lan", "age": "30"})
    declared = client.get(_page(liquor))
    assert _x(declared) == "miss" and "150.000" in declared.text
    assert _x(client.get(_page(liquor))) == "hit"
    stranger = client.application.test_client()
    again = stranger.get(_page(liquor))
    assert _x(again) == "hit" and "150.000" not in again.text  # the undeclared entry


def test_the_age_key_is_the_liquor_rules_own_session_key():
    assert policy.AGE_KEY == alcohol.SESSION_KEY


# --- CSRF tokens --------------------------------------------------------------------------------

def test_each_visitor_gets_their_own_token_in_a_cached_page_and_can_use_it(app, noodles):
    alice, bob = app.test_client(), app.test_client()
    alice_page = alice.get(_page(noodles))
    bob_page = bob.get(_page(noodles))
    assert (_x(alice_page), _x(bob_page)) == ("miss", "hit")
    alice_token, bob_token = csrf_from(alice_page.text), csrf_from(bob_page.text)
    assert alice_token != bob_token
    assert alice_token not in bob_page.text and tokens.SENTINEL.decode() not in bob_page.text
    assert set(CSRF_RE.findall(bob_page.text)) == {bob_token}
    refused = bob.post("/vi/cart/add", data={"csrf_token": alice_token, "product_id": noodles.id, "quantity": 1})
    assert refused.status_code == 400
    added = bob.post("/vi/cart/add", data={"csrf_token": bob_token, "product_id": noodles.id, "quantity": 1})
    assert added.status_code == 302
    assert "Miến dong Bắc Sơn" in bob.get("/vi/cart").text


def test_a_booking_form_on_a_cached_experience_page_carries_the_visitors_own_token(app, factories):
    experience = factories.experience()
    db.session.commit()
    url = f"/vi/products/{db.session.get(Product, experience.product_id).slug}"
    first, second = app.test_client(), app.test_client()
    mine, theirs = first.get(url), second.get(url)
    assert (_x(mine), _x(theirs)) == ("miss", "hit")
    assert 'method="post"' in theirs.text
    with second.session_transaction() as session:
        secret = session["csrf_token"]
    tokens_served = set(CSRF_RE.findall(theirs.text))
    assert tokens_served and not tokens_served & set(CSRF_RE.findall(mine.text))
    with app.test_request_context():
        flask_session["csrf_token"] = secret
        for token in tokens_served:
            validate_csrf(token)  # raises if it is not this visitor's


def test_an_answer_that_sets_a_cookie_or_flashes_is_not_stored(app):
    with app.test_request_context("/vi/"):
        page = Response("<p>x</p>", mimetype="text/html")
        assert policy.may_store(page)
        page.set_cookie("theme", "dark")
        assert not policy.may_store(page)
        private = Response("<p>x</p>", mimetype="text/html")
        private.cache_control.private = True
        assert not policy.may_store(private)
        flash("Một thông báo")
        assert not policy.may_store(Response("<p>x</p>", mimetype="text/html"))


def test_a_first_visit_served_from_the_cache_starts_a_session_as_the_page_would(app, noodles):
    app.test_client().get(_page(noodles))
    newcomer = app.test_client()
    page = newcomer.get(_page(noodles))
    assert _x(page) == "hit" and "session=" in page.headers.get("Set-Cookie", "")


# --- ETag -----------------------------------------------------------------------------------------

def test_etag_answers_304_when_the_page_is_unchanged(client, noodles):
    first = client.get("/vi/producers")
    etag = first.headers["ETag"]
    again = client.get("/vi/producers", headers={"If-None-Match": etag})
    assert again.status_code == 304 and _x(again) == "hit" and not again.get_data()
    token_page = client.get(_page(noodles))
    assert token_page.headers["ETag"].startswith('W/"')
    cached = client.get(_page(noodles), headers={"If-None-Match": token_page.headers["ETag"]})
    assert cached.status_code == 304
    stranger = client.application.test_client()
    assert stranger.get(_page(noodles), headers={"If-None-Match": token_page.headers["ETag"]}).status_code == 200


# --- every change shows on the very next request -------------------------------------------------

@pytest.fixture
def member(factories, login_as, noodles):
    user = factories.user(role="producer", producer=db.session.get(Producer, noodles.producer_id))
    db.session.commit()
    return user


def test_a_price_and_stock_change_in_the_portal_shows_on_the_next_request(app, client, noodles, member, login_as):
    visitor = app.test_client()
    assert "90.000" in visitor.get(_page(noodles)).text and _x(visitor.get(_page(noodles))) == "hit"
    login_as(member)
    response = post_form(client, f"/vi/producer/products/{noodles.id}",
                         {"price": "120.000", "stock": "0", "stock_seen": "5"},
                         post_url=f"/vi/producer/products/{noodles.id}/price-stock")
    assert response.status_code == 302
    page = visitor.get(_page(noodles))
    assert _x(page) == "miss" and "120.000" in page.text and "stock-out" in page.text


def test_a_publication_in_the_admin_shows_on_the_next_request(app, client, factories, noodles, login_as):
    producer = db.session.get(Producer, noodles.producer_id)
    waiting = factories.product(name="Trà giảo cổ lam", producer=producer, status="pending_review")
    db.session.commit()
    visitor = app.test_client()
    producer_page = f"/vi/producers/{producer.slug}"
    visitor.get(producer_page)
    assert _x(visitor.get(producer_page)) == "hit" and "Trà giảo cổ lam" not in visitor.get(producer_page).text
    login_as("admin")
    assert publish_from_review(client, waiting.id).status_code == 302
    page = visitor.get(producer_page)
    assert _x(page) == "miss" and "Trà giảo cổ lam" in page.text


def test_a_bulk_stock_update_shows_on_the_next_request(client, noodles):
    assert "stock-in" in client.get(_page(noodles)).text
    db.session.execute(update(Product).where(Product.id == noodles.id).values(stock=0))
    db.session.commit()
    page = client.get(_page(noodles))
    assert _x(page) == "miss" and "stock-out" in page.text


def test_a_rolled_back_change_leaves_the_cache_alone(client, noodles):
    client.get(_page(noodles))
    product = db.session.get(Product, noodles.id)
    product.price = 1_000
    db.session.flush()
    db.session.rollback()
    assert _x(client.get(_page(noodles))) == "hit"


def test_a_campaign_starting_at_its_time_shows_on_the_next_request(client, factories, noodles, clock):
    # noon in Việt Nam, so the midnight expiry never falls inside the five minutes below
    now = next_local_midnight(datetime.now(timezone.utc)) + timedelta(hours=12)
    starts = now + timedelta(minutes=5)
    factories.campaign(noodles, percent=20, starts_at=starts, ends_at=starts + timedelta(days=2))
    db.session.commit()
    clock(now)
    before = client.get(_page(noodles))
    assert "72.000" not in before.text
    clock(starts - timedelta(seconds=1))
    assert _x(client.get(_page(noodles))) == "hit"
    clock(starts)
    after = client.get(_page(noodles))
    assert _x(after) == "miss" and "72.000" in after.text


def test_a_certificate_expiring_shows_on_the_next_request(client, factories, clock):
    now = datetime.now(timezone.utc)
    today = local_today(now)
    product = factories.product(name="Hạt dẻ Trùng Khánh", stars=4, expires_on=today)
    db.session.commit()
    midnight = next_local_midnight(now)
    clock(midnight - timedelta(minutes=5))  # the last minutes of its last valid day (VN)
    assert "cert-valid" in client.get(_page(product)).text
    clock(midnight - timedelta(seconds=1))
    assert _x(client.get(_page(product))) == "hit"
    clock(midnight)
    page = client.get(_page(product))
    assert _x(page) == "miss" and "cert-expired" in page.text
