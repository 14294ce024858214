"""The page cache on Redis (REDIS_URL set): two app objects sharing one Redis and one database, as
two servers would; the stamp is a Redis counter. Redis database PAGE_CACHE_REDIS_DB (5 unless
set), each test under its own key prefix, removed afterwards. Skipped without Redis unless
REQUIRE_REDIS=1. (tests/test_page_cache_multi.py does the same through two gunicorn servers.)
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.page_cache import store

from .conftest import FreshContextClient
from .redis_queue import require_redis

REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('PAGE_CACHE_REDIS_DB', '5')}"


def _server(app, tmp: Path, redis_url: str, prefix: str):
    """Another app object on the same database, with the page cache on Redis."""
    config = TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], tmp)
    config.PAGE_CACHE, config.REDIS_URL, config.PAGE_CACHE_KEY_PREFIX = "on", redis_url, prefix
    server = create_app(config)
    server.test_client_class = FreshContextClient
    return server


@pytest.fixture
def servers(app, tmp_path):
    require_redis("needs Redis on 127.0.0.1:6379 (the shared page cache)")
    prefix = f"ocop:page:test-{uuid.uuid4().hex[:12]}:"
    pair = [_server(app, tmp_path / name, REDIS_URL, prefix) for name in ("a", "b")]
    yield pair
    with pair[0].app_context():
        client = store.redis_client()
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)


def test_a_change_through_one_app_shows_on_the_next_request_to_the_other(servers, factories):
    a, b = servers
    product = factories.product(name="Hạt dẻ Trùng Khánh", price=90_000)
    db.session.commit()
    page = f"/vi/products/{product.slug}"
    visitor = b.test_client()
    assert visitor.get(page).headers["X-Cache"] == "miss"
    assert visitor.get(page).headers["X-Cache"] == "hit"
    assert a.test_client().get(page).headers["X-Cache"] == "hit"  # one cache for both
    with a.app_context():
        keys = list(store.redis_client().scan_iter(match=a.config["PAGE_CACHE_KEY_PREFIX"] + "*"))
        assert any(k.decode().startswith("ocop:page:") for k in keys)
        db.session.get(Product, product.id).price = 123_000
        db.session.commit()
    after = visitor.get(page)
    assert after.headers["X-Cache"] == "miss" and "123.000" in after.text


def test_an_unreachable_redis_means_uncached_pages_not_errors(app, tmp_path, factories):
    product = factories.product(name="Miến dong Bắc Sơn", price=90_000)
    db.session.commit()
    server = _server(app, tmp_path / "down", "redis://127.0.0.1:1/0", "ocop:page:")
    visitor = server.test_client()
    for _ in range(2):
        page = visitor.get(f"/vi/products/{product.slug}")
        assert page.status_code == 200 and page.headers["X-Cache"] == "bypass" and "90.000" in page.text
    with server.app_context():
        db.session.get(Product, product.id).price = 95_000
        db.session.commit()  # the stamp cannot be bumped: the commit stands, a warning is logged
    assert "95.000" in visitor.get(f"/vi/products/{product.slug}").text


def test_servers_of_another_release_never_share_a_page(servers, factories):
    """A deploy changes templates or code without any database change: the new release's key differs."""
    a, b = servers
    product = factories.product(name="Thạch đen Thạch An", price=30_000)
    db.session.commit()
    page = f"/vi/products/{product.slug}"
    assert a.test_client().get(page).headers["X-Cache"] == "miss"
    assert b.test_client().get(page).headers["X-Cache"] == "hit"  # same release: one entry
    assert a.extensions[store.RELEASE_KEY] == store.release_digest(a)
    b.extensions[store.RELEASE_KEY] = "0" * 12  # b now runs other files
    assert b.test_client().get(page).headers["X-Cache"] == "miss"
    assert a.test_client().get(page).headers["X-Cache"] == "hit"  # a still finds its own


def test_the_release_digest_follows_the_files(app, tmp_path):
    before = store.release_digest(app)
    assert before == store.release_digest(app)
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("one")
    app.template_folder = str(folder)
    first = store.release_digest(app)
    (folder / "page.html").write_text("two")
    assert store.release_digest(app) not in (first, before)
