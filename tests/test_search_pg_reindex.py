"""PostgreSQL backend: a reindex writes only the documents that changed.

A rebuild in place by DELETE + INSERT left the table twice its size after the vacuum (every row
had a dead copy; the freed space stays with the table), and every search that reads most of the
table read twice the pages. An unchanged document keeps its row version (its xmin).
"""
from __future__ import annotations

import pytest
from sqlalchemy import text

from ocop_shop import search
from ocop_shop.extensions import db

from .conftest import PG_URL
from .search_fixtures import catalog_app, search_catalog, product_named  # noqa: F401

pytestmark = pytest.mark.skipif(not PG_URL, reason="the PostgreSQL search backend needs PostgreSQL")

CHESTNUT = "Hạt dẻ Trùng Khánh"
KNIFE = "Dao rèn Phúc Sen – dao thái"
VERSIONS = text("SELECT product_id, xmin::text FROM search_documents ORDER BY product_id")


@pytest.fixture
def search_backend() -> str:
    return "postgres"


def test_reindex_rewrites_only_changed_documents_and_deletes_the_gone(catalog_app):
    chestnut, knife = product_named(CHESTNUT), product_named(KNIFE)
    before = dict(db.session.execute(VERSIONS).all())
    # Raw statements bypass the outbox: only the rebuild reads these two changes.
    db.session.execute(text("UPDATE products SET price = price + 1000 WHERE id = :id"), {"id": chestnut.id})
    db.session.execute(text("UPDATE products SET status = 'archived' WHERE id = :id"), {"id": knife.id})
    db.session.commit()
    report = search.reindex()
    after = dict(db.session.execute(VERSIONS).all())
    assert report["indexed"] == len(before) - 1 and set(after) == set(before) - {knife.id}
    assert {pid for pid in after if after[pid] != before[pid]} == {chestnut.id}
    price = db.session.scalar(text("SELECT price FROM search_documents WHERE product_id = :id"), {"id": chestnut.id})
    assert price == db.session.scalar(text("SELECT price FROM products WHERE id = :id"), {"id": chestnut.id})
    db.session.rollback()
    search.reindex()  # nothing changed since: no row written
    assert dict(db.session.execute(VERSIONS).all()) == after
