"""One contract, two engines: what SEARCH_BACKEND changes and what it must not.

On PostgreSQL every test here runs on both backends (search_fixtures.CONTRACT_MODULES);
on SQLite on Whoosh only. tests/test_search.py holds the shared query, facet, suggestion,
18+, hostile-input and did-you-mean tests, run the same way.
"""
from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import joinedload, selectinload

from config import TestConfig
from ocop_shop import create_app, search
from ocop_shop.catalog import alcohol, services as catalog
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.ops import health
from ocop_shop.producers.models import Producer
from ocop_shop.search import Filters, outbox
from ocop_shop.timeutil import local_today

from .conftest import PG_URL
from .search_fixtures import (  # noqa: F401
    backend_config, catalog_app, catalog_client, first_name, mark_written_elsewhere, product_named, search_catalog)

CHESTNUT = "Hạt dẻ Trùng Khánh"
KNIFE = "Dao rèn Phúc Sen – dao thái"
CAI_VAN = "Rượu ngô Cải Vân"


def public_ids() -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Product.id).join(Product.producer).where(
        Product.status == "published", Producer.status == "approved")))


def loaded(ids) -> dict[int, Product]:
    return {p.id: p for p in db.session.scalars(select(Product).where(Product.id.in_(list(ids))).options(
        joinedload(Product.producer), joinedload(Product.category), selectinload(Product.certifications)))}


def other_server(app, tmp_path, backend: str):
    """A second app server on the same database with its own instance folder (no shared disk)."""
    folder = tmp_path / "server-b"
    folder.mkdir()
    return create_app(backend_config(app.config["SQLALCHEMY_DATABASE_URI"], folder, backend))


def test_a_rename_through_one_server_is_found_through_another(catalog_app, search_backend, tmp_path):
    chestnut = product_named(CHESTNUT)
    catalog.update_product(chestnut, content={"vi": {**chestnut.content["vi"], "name": "Hạt dẻ rang Khuổi Ky"}})
    db.session.commit()
    assert first_name("hat de rang khuoi ky") == "Hạt dẻ rang Khuổi Ky"  # server A, at once
    mark_written_elsewhere()
    with other_server(catalog_app, tmp_path, search_backend).app_context():
        found = search.search("hat de rang khuoi ky")
        if search_backend == "postgres":  # one table in the shared database: B sees A's change at once
            assert found.product_ids[:1] == [chestnut.id]
        else:  # Whoosh: an index folder per machine; B has none until it builds its own
            assert found.total == 0 and not search.ready()
        db.session.remove()


def test_reindex_rebuilds_from_the_database(catalog_app):
    knife = product_named(KNIFE)
    # A raw statement bypasses the outbox: the index is now wrong about the knife…
    db.session.execute(text("UPDATE products SET status = 'archived' WHERE id = :id"), {"id": knife.id})
    db.session.commit()
    assert knife.id in search.indexed_ids()
    report = search.reindex()
    assert report["indexed"] == len(public_ids())  # …until the rebuild reads the products again
    assert search.indexed_ids() == public_ids() and knife.id not in search.indexed_ids()
    assert first_name("hat de").startswith(CHESTNUT) and search.pending() == 0


def test_rows_left_by_a_failed_apply_are_applied_by_sync(catalog_app, monkeypatch):
    def fail(product_ids):
        raise RuntimeError("the applier died")

    monkeypatch.setattr(outbox, "_apply_now", fail)
    knife = product_named(KNIFE)
    catalog.unpublish(knife)
    db.session.commit()  # the request succeeds; the outbox keeps the change
    assert search.pending() == 1 and knife.id in search.indexed_ids()
    monkeypatch.undo()
    result = catalog_app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "Applied 1 change" in result.output, result.output
    assert knife.id not in search.indexed_ids() and search.pending() == 0
    assert knife.id not in search.search("dao phuc sen").product_ids


def test_the_price_a_shopper_pays_now_filters_sorts_and_bands(catalog_app):
    chestnut = product_named(CHESTNUT)
    base = search.search("hat", sort="price_asc", per_page=500)
    assert chestnut.id != base.product_ids[0]
    cheap = {chestnut.id: 1}
    found = search.search("hat", sort="price_asc", per_page=500, prices=cheap)
    assert found.product_ids[0] == chestnut.id and found.total == base.total
    bands = dict(found.facets.price)
    assert bands["under-100k"] == dict(base.facets.price)["under-100k"] + (chestnut.price > 100_000)
    only = search.search("hat de", filters=Filters(max_price=1), prices=cheap)
    assert only.product_ids == [chestnut.id]


@pytest.mark.parametrize("query", [
    "'", "\\", "''", "a & b | !c", "ruou:*", "hat <-> de", "(ruou", "ruou)", "'ruou' & 'ngo'", "ruou\\' | x",
    "n" * 300, "ruou " * 30, "1.5 2,5 3.", "_", "___ruou", "\u200b", "dao\tphuc\nsen",
])
def test_hostile_text_is_only_ever_words(catalog_app, query):
    found = search.search(query, filters=Filters(category="'; DROP TABLE products; --", place="\\", producer="%"))
    assert found.total == len(found.product_ids) == 0 or found.total >= len(found.product_ids)
    search.search(query, sort="stars", page=10**9)
    search.suggest(query)
    assert db.session.execute(text("SELECT count(*) FROM products")).scalar() > 1000  # the session still works


def test_popular_products_never_offer_alcohol(catalog_app):
    ids = search.popular_product_ids(limit=40)
    assert len(ids) == 40
    today = local_today()
    products = loaded(ids)
    assert not any(alcohol.needs_age_declaration(products[i]) for i in ids)

    def stars(p):
        cert = p.valid_certification(today)
        return cert.stars if cert else 0

    levels = [stars(products[i]) for i in ids]
    assert levels == sorted(levels, reverse=True)  # best valid stars first
    assert levels[0] == max(stars(p) for p in loaded(public_ids()).values()) == 5


def test_readiness_follows_the_backend(catalog_app, search_backend):
    assert health.readiness()[0]["search"] == "ok"
    if search_backend == "postgres":
        db.session.execute(text("ALTER TABLE search_documents RENAME TO search_documents_away"))
        db.session.commit()  # the table is gone (a database restored without it): not ready
        assert health.readiness()[0]["search"] == "failed"
        db.session.execute(text("ALTER TABLE search_documents_away RENAME TO search_documents"))
        db.session.commit()
    else:
        shutil.rmtree(catalog_app.config["SEARCH_INDEX_DIR"])
        assert health.readiness()[0]["search"] == "failed"
    assert search.ready() is (search_backend == "postgres")


def test_an_unusable_backend_stops_the_app_at_start(tmp_path):
    config = TestConfig(f"sqlite:///{tmp_path / 'x.sqlite3'}", tmp_path)
    config.SEARCH_BACKEND = "postgres"
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND=postgres needs DATABASE_URL on PostgreSQL"):
        create_app(config)
    config.SEARCH_BACKEND = "elastic"
    with pytest.raises(RuntimeError, match="use whoosh or postgres"):
        create_app(config)
