"""Read-only requests end with COMMIT (psycopg keeps its prepared statements); the rest roll back."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, text, update

from ocop_shop.catalog.models import Product
from ocop_shop.db_requests import is_plain_read
from ocop_shop.extensions import db

from .conftest import PG_URL


@contextmanager
def transaction_ends(app):
    """Count the COMMITs and ROLLBACKs of connections (SQLAlchemy's connection events)."""
    ends = {"commit": 0, "rollback": 0}

    def _commit(conn):
        ends["commit"] += 1

    def _rollback(conn):
        ends["rollback"] += 1

    event.listen(db.engine, "commit", _commit)
    event.listen(db.engine, "rollback", _rollback)
    try:
        yield ends
    finally:
        event.remove(db.engine, "commit", _commit)
        event.remove(db.engine, "rollback", _rollback)


def _stock(product_id: int) -> int:
    db.session.expire_all()
    return db.session.execute(select(Product.stock).where(Product.id == product_id)).scalar_one()


@pytest.fixture
def writer_routes(app):
    """Routes that change a product's stock in different ways (registered before the first request)."""

    def _product(pid):
        return db.session.get(Product, pid)

    @app.get("/p2/orm-raise/<int:pid>")
    def orm_raise(pid):
        _product(pid).stock = 77
        db.session.flush()
        raise RuntimeError("boom after a write")

    @app.get("/p2/core-no-commit/<int:pid>")
    def core_no_commit(pid):
        db.session.execute(update(Product).where(Product.id == pid).values(stock=77))
        return "ok"

    @app.get("/p2/orm-no-flush/<int:pid>")
    def orm_no_flush(pid):
        _product(pid).stock = 77
        return "ok"

    @app.get("/p2/cte-write/<int:pid>")
    def cte_write(pid):
        db.session.execute(text("WITH u AS (UPDATE products SET stock = 77 WHERE id = :i RETURNING id) "
                                "SELECT count(*) FROM u"), {"i": pid})
        return "ok"

    @app.get("/p2/orm-commit/<int:pid>")
    def orm_commit(pid):
        _product(pid).stock = 77
        db.session.commit()
        return "ok"


def test_read_only_page_ends_with_commit(client, make_product, app):
    product = make_product()
    db.session.commit()
    with transaction_ends(app) as ends:
        assert client.get(f"/vi/products/{product.slug}").status_code == 200
    assert ends["commit"] >= 1
    assert ends["rollback"] == 0


@pytest.mark.parametrize("route", ["orm-raise", "core-no-commit", "orm-no-flush", "cte-write"])
def test_uncommitted_writes_still_roll_back(client, make_product, app, writer_routes, route):
    if route == "cte-write" and not PG_URL:
        pytest.skip("SQLite has no data-modifying CTE")
    product = make_product(stock=5)
    db.session.commit()
    app.config["PROPAGATE_EXCEPTIONS"] = False  # the error page, as in production
    with transaction_ends(app) as ends:
        status = client.get(f"/p2/{route}/{product.id}").status_code
    assert status == (500 if route == "orm-raise" else 200)
    assert ends["commit"] == 0
    assert _stock(product.id) == 5


def test_committing_write_request_is_unchanged(client, make_product, app, writer_routes):
    product = make_product(stock=5)
    db.session.commit()
    client.get(f"/p2/orm-commit/{product.id}")
    assert _stock(product.id) == 77


@pytest.mark.parametrize("statement, plain", [
    ("SELECT products.id FROM products WHERE products.id = %(id)s", True),
    ("(SELECT 1) UNION (SELECT 2)", True),
    ("WITH x AS (SELECT 1) SELECT * FROM x", True),
    ("WITH x AS (DELETE FROM carts RETURNING id) SELECT * FROM x", False),
    ("SELECT * INTO copy FROM products", False),
    ("SELECT set_config('jit', 'off', false)", False),
    ("SELECT nextval('products_id_seq')", False),
    ("SELECT id FROM products FOR UPDATE", False),
    ("UPDATE products SET name = 'x'", False),
    ("SET search_path TO x", False),
    ("PRAGMA foreign_keys", False),
])
def test_only_plain_reads_count_as_reads(statement, plain):
    assert is_plain_read(statement) is plain


@pytest.mark.skipif(not PG_URL, reason="prepared statements are PostgreSQL's")
def test_read_only_requests_keep_prepared_statements(client, make_product, app):
    product = make_product()
    db.session.commit()
    seen = set()

    def _note(conn, cursor, statement, parameters, context, executemany):
        seen.add(conn.connection.dbapi_connection)

    event.listen(db.engine, "before_cursor_execute", _note)
    try:
        for _ in range(8):  # psycopg prepares a statement after its 5th run on a connection
            assert client.get(f"/vi/products/{product.slug}").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", _note)
    seen.discard(db.session.connection().connection.dbapi_connection)  # the test's own connection
    prepared = []
    for raw in seen:
        prepared += [row[0] for row in raw.execute("SELECT statement FROM pg_prepared_statements").fetchall()]
        raw.commit()
    assert any("FROM products" in sql for sql in prepared), prepared
