"""Rate limits (ocop_shop/ratelimits.py): scripts are stopped with a clear 429 page, people are not."""
from __future__ import annotations

import os
import socket

import pytest

from config import Config
from ocop_shop import ratelimits
from ocop_shop.extensions import db

from .conftest import csrf_from

pytestmark = pytest.mark.config(RATELIMIT_ENABLED=True)


def _amount(rule: str) -> int:
    """The first count of a rule such as "10 per hour"."""
    return int(rule.split()[0])


def _sign_in(client, login: str, password: str, address: str = "203.0.113.7"):
    environ = {"REMOTE_ADDR": address}
    token = csrf_from(client.get("/vi/account/login", environ_base=environ).get_data(as_text=True))
    return client.post("/vi/account/login", data={"csrf_token": token, "login": login, "password": password},
                       environ_base=environ)


def test_guessing_one_accounts_password_is_stopped_even_from_new_addresses(client, make_user):
    make_user(email="lan@example.org", password="mat-khau-dai-hon")
    db.session.commit()
    tries = _amount(ratelimits.SIGN_IN_PER_ACCOUNT)
    for n in range(tries):
        assert _sign_in(client, "lan@example.org", "sai-mat-khau", address=f"198.51.100.{n}").status_code == 200
    refused = _sign_in(client, "LAN@example.org", "mat-khau-dai-hon", address="192.0.2.200")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.get_data(as_text=True)
    assert _sign_in(client, "other@example.org", "x", address="192.0.2.201").status_code == 200


def test_one_address_may_not_try_many_accounts_quickly(client):
    per_minute = _amount(ratelimits.SIGN_IN)
    for n in range(per_minute):
        assert _sign_in(client, f"user{n}@example.org", "x").status_code == 200
    assert _sign_in(client, "someone@example.org", "x").status_code == 429
    assert _sign_in(client, "someone@example.org", "x", address="203.0.113.8").status_code == 200


def test_registering_is_limited_per_address_but_the_form_still_opens(client):
    for n in range(_amount(ratelimits.NEW_ACCOUNT)):
        page = client.get("/en/account/register").get_data(as_text=True)
        data = {"csrf_token": csrf_from(page), "name": f"Người {n}", "email": f"n{n}@example.org",
                "password": "mat-khau-dai-1", "confirm": "mat-khau-dai-1"}
        assert client.post("/en/account/register", data=data).status_code == 302
        client.post("/en/account/logout", data={"csrf_token": csrf_from(client.get("/en/").get_data(as_text=True))})
    page = client.get("/en/account/register")
    assert page.status_code == 200
    refused = client.post("/en/account/register", data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert refused.status_code == 429 and "Too many requests" in refused.get_data(as_text=True)


def test_certificate_lookups_and_suggestions_are_limited(client):
    for _ in range(_amount(ratelimits.LOOKUP)):
        assert client.get("/vi/verify/ABCDEFGH").status_code == 404
    assert client.get("/vi/verify/ABCDEFGH").status_code == 429
    assert client.get("/v/ABCDEFGH").status_code == 302  # the printed QR redirects to the limited page
    for _ in range(_amount(ratelimits.SUGGEST)):
        assert client.get("/vi/search/suggest?q=ha").status_code == 200
    assert client.get("/vi/search/suggest?q=ha").status_code == 429


def test_pages_without_a_limit_are_never_refused(client):
    for _ in range(_amount(ratelimits.LOOKUP) + 5):
        assert client.get("/vi/account/login").status_code == 200


def test_redis_url_moves_the_counts_to_redis(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert Config().RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/0"
    monkeypatch.delenv("REDIS_URL")
    assert Config().RATELIMIT_STORAGE_URI == "memory://"


def _redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


REDIS_TEST_DB = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by the test


@pytest.mark.config(RATELIMIT_STORAGE_URI=REDIS_TEST_DB)
def test_with_redis_the_counts_live_in_redis_for_every_process(client):
    """Counts kept in Redis are shared by all gunicorn workers and app servers."""
    import redis

    if not _redis_is_running():
        if os.environ.get("REQUIRE_REDIS") == "1":  # set by .ci/run, which starts Redis
            pytest.fail("REQUIRE_REDIS=1 but no Redis answers on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")

    server = redis.Redis.from_url(REDIS_TEST_DB)
    server.flushdb()
    try:
        for _ in range(_amount(ratelimits.LOOKUP)):
            assert client.get("/vi/verify/ABCDEFGH").status_code == 404
        assert client.get("/vi/verify/ABCDEFGH").status_code == 429
        assert server.keys("*catalog.verify*")
    finally:
        server.flushdb()


def test_booking_requests_are_limited_per_address(client, factories):
    from ocop_shop.catalog.models import Product

    from .test_bookings import _form

    experience = factories.experience(max_party=6)
    product = db.session.get(Product, experience.product_id)
    db.session.commit()
    url = f"/en/products/{product.slug}"
    for _ in range(_amount(ratelimits.BOOKING)):
        token = csrf_from(client.get(url).get_data(as_text=True))
        assert client.post(f"{url}/booking", data={"csrf_token": token, **_form()}).status_code == 302
    token = csrf_from(client.get(url).get_data(as_text=True))
    assert client.post(f"{url}/booking", data={"csrf_token": token, **_form()}).status_code == 429
