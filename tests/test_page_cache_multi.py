"""The page cache across app servers: two gunicorn instances sharing one PostgreSQL and one Redis
(tests/multi_server.py). A change made through instance A shows on the very next request to
instance B, although B had the page in the shared cache a moment before.

Needs TEST_DATABASE_URL on PostgreSQL (its schema is emptied and seeded with the demo catalog)
and Redis on 127.0.0.1:6379 (database PAGE_CACHE_REDIS_DB, 5 unless set; emptied). Skipped
without them, unless REQUIRE_REDIS=1 (CI) with PostgreSQL configured.
"""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from .multi_server import servers
from .shop_client import Shopper
from .test_page_cache_redis import REDIS_URL, require_redis

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
MEMBER = "producer2@example.com"


@pytest.fixture(scope="module")
def cluster():
    if not PG_URL.startswith("postgres"):
        pytest.skip("two app servers need TEST_DATABASE_URL on PostgreSQL (one database for both)")
    require_redis("two app servers need Redis on 127.0.0.1:6379 (the shared page cache)")
    with servers(n=2, database_url=PG_URL, redis_url=REDIS_URL, extra_env={"PAGE_CACHE": "on"}) as running:
        yield running


def _members_product() -> dict:
    """A published product without liquor or campaign, of the demo member's producer."""
    from config import _database_url

    engine = create_engine(_database_url(PG_URL))
    try:
        with engine.connect() as conn:
            row = conn.execute(text(
                "SELECT p.id, p.slug, p.stock FROM products p JOIN users u ON u.producer_id = p.producer_id "
                "WHERE u.email = :email AND p.status = 'published' AND (p.abv IS NULL OR p.abv = 0) "
                "AND NOT EXISTS (SELECT 1 FROM campaign_products c WHERE c.product_id = p.id) "
                "ORDER BY p.id LIMIT 1"), {"email": MEMBER}).mappings().one()
    finally:
        engine.dispose()
    return dict(row)


def test_a_price_changed_through_one_server_shows_on_the_next_request_to_the_other(cluster):
    a, b = cluster.url(0), cluster.url(1)
    product = _members_product()
    page = f"{b}/vi/products/{product['slug']}"
    visitor, member = Shopper("10.0.0.21"), Shopper("10.0.0.22")
    try:
        first = visitor.get(page)
        assert first.status_code == 200 and "123.000" not in first.text
        assert visitor.get(page).headers["x-cache"] == "hit"  # B serves it from the shared cache
        assert Shopper("10.0.0.23").get(f"{a}/vi/products/{product['slug']}").headers["x-cache"] == "hit"

        assert member.sign_in(a, MEMBER).status_code == 302
        edit = f"{a}/vi/producer/products/{product['id']}"
        stock = str(product["stock"])
        changed = member.submit(edit, {"price": "123.000", "stock": stock, "stock_seen": stock},
                                post_url=f"{edit}/price-stock")
        assert changed.status_code == 302, changed.text[:300]

        after = visitor.get(page)
        assert after.headers["x-cache"] == "miss" and "123.000" in after.text
        assert visitor.get(page).headers["x-cache"] == "hit"
    finally:
        visitor.close()
        member.close()
