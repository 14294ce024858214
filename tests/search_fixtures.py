"""The search tests' catalog: the sample seed plus 1,000 generated distractors, built once.

`search_catalog` (session scope) seeds, commits and indexes once; `catalog_app` gives
every test its own copy (SQLite: the database file and the index folder are copied;
PostgreSQL: tables are truncated and refilled from a snapshot), so tests stay isolated.

One contract, two engines: on PostgreSQL the tests of CONTRACT_MODULES run once per search
backend (the `search_backend` fixture, parametrized by tests/conftest.py's pytest_generate_tests);
on SQLite, and in every other module, they run on Whoosh only.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Integer, event, select, text

from config import TestConfig
from ocop_shop import create_app, search
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.search.backend import POSTGRES_TABLES
from ocop_shop.seed import seed_demo

from .conftest import PG_URL, FreshContextClient, _truncate_all
from .search_data import add_products

DISTRACTORS = 1000
BACKENDS = ("whoosh", "postgres") if PG_URL else ("whoosh",)
CONTRACT_MODULES = ("tests.test_search", "tests.test_search_backends", "tests.test_search_typing")
PG_TABLES = POSTGRES_TABLES  # the PostgreSQL backend's tables (not on the ORM metadata)


def parametrize_search_backends(metafunc) -> None:
    """Run the contract modules' tests on every backend this database offers."""
    if "search_backend" in metafunc.fixturenames and metafunc.module.__name__ in CONTRACT_MODULES:
        metafunc.parametrize("search_backend", BACKENDS, indirect=True)


def backend_config(url: str, folder: Path, backend: str = "whoosh") -> TestConfig:
    config = TestConfig(url, folder)
    config.SEARCH_BACKEND = backend
    return config


@dataclass
class SearchCatalog:
    folder: Path
    url: str
    rows: dict[str, list[dict]] = field(default_factory=dict)  # PostgreSQL snapshot
    pg_rows: dict[str, str] = field(default_factory=dict)  # the PostgreSQL backend's tables, as JSON
    clean: bool = False  # PostgreSQL: the last test wrote nothing, no refill needed


_WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "ALTER", "DROP", "CREATE")
_outside_writes: list[bool] = []


def mark_written_elsewhere() -> None:
    """A test's other processes wrote to the catalog (its own writes are seen by a listener)."""
    _outside_writes.append(True)


@pytest.fixture(scope="session")
def search_catalog(schema_template, tmp_path_factory) -> SearchCatalog:
    folder = tmp_path_factory.mktemp("search-catalog")
    if PG_URL:
        url = PG_URL
        app = create_app(TestConfig(url, folder))
        with app.app_context():
            _truncate_all()
    else:
        shutil.copyfile(schema_template, folder / "catalog.sqlite3")
        url = f"sqlite:///{folder / 'catalog.sqlite3'}"
        app = create_app(TestConfig(url, folder))
    catalog = SearchCatalog(folder, url)
    with app.app_context():
        seed_demo()
        db.session.commit()  # the seed's products reach the index after this commit
        add_products(DISTRACTORS)
        db.session.commit()
        search.sync()  # bulk-inserted rows: applied the way `flask search sync` does
        assert search.pending() == 0
        if PG_URL:
            _index_on_postgres(url, folder)
            with db.engine.connect() as conn:
                for table in db.metadata.sorted_tables:
                    order = list(table.primary_key.columns)
                    catalog.rows[table.name] = [dict(r) for r in conn.execute(table.select().order_by(*order)).mappings()]
                for name in PG_TABLES:
                    catalog.pg_rows[name] = conn.scalar(text(f"SELECT COALESCE(json_agg(t), '[]')::text FROM {name} t"))
        db.session.remove()
        db.engine.dispose()
    return catalog


def _index_on_postgres(url: str, folder: Path) -> None:
    """Build the PostgreSQL backend's table from the same catalog (the Whoosh index is built)."""
    app = create_app(backend_config(url, folder, "postgres"))
    with app.app_context():
        assert search.reindex()["indexed"] == len(search.indexed_ids()) > DISTRACTORS
        db.session.remove()
        db.engine.dispose()


def _restore_postgres(catalog: SearchCatalog) -> None:
    tables = db.metadata.sorted_tables
    with db.engine.begin() as conn:
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        for table in tables:
            rows = catalog.rows.get(table.name)
            if rows:
                conn.execute(table.insert(), rows)
        for name in PG_TABLES:  # products first: documents refer to them
            conn.execute(text(f"DELETE FROM {name}"))
            conn.execute(text(f"INSERT INTO {name} SELECT * FROM json_populate_recordset(NULL::{name}, "
                              "CAST(:rows AS json))"), {"rows": catalog.pg_rows[name]})
        for table in tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, Integer) and catalog.rows.get(table.name):
                conn.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{pk[0].name}'), "
                    f"(SELECT MAX(\"{pk[0].name}\") FROM \"{table.name}\"))"))


@pytest.fixture
def catalog_app(search_catalog, search_backend, tmp_path):
    """An app on a private copy of the search catalog and its index (or table), on `search_backend`."""
    shutil.copytree(search_catalog.folder / "search", tmp_path / "search")
    if PG_URL:
        app = create_app(backend_config(PG_URL, tmp_path, search_backend))
        with app.app_context():
            if not (search_catalog.clean and _intact(search_catalog)):
                _restore_postgres(search_catalog)
    else:
        shutil.copyfile(search_catalog.folder / "catalog.sqlite3", tmp_path / "catalog.sqlite3")
        app = create_app(backend_config(f"sqlite:///{tmp_path / 'catalog.sqlite3'}", tmp_path, search_backend))
    app.test_client_class = FreshContextClient
    writes: list[str] = []

    def _record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split(None, 1)[0].upper() in _WRITES:
            writes.append(statement)

    _outside_writes.clear()
    search_catalog.clean = False
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", _record)
        yield app
        db.session.remove()
        event.remove(db.engine, "before_cursor_execute", _record)
        db.engine.dispose()
    search_catalog.clean = not writes and not _outside_writes


def _intact(catalog: SearchCatalog) -> bool:
    """The database still holds the snapshot's products (no other module's test emptied it)."""
    products = catalog.rows.get("products", [])
    found = db.session.execute(text("SELECT COUNT(*), MAX(id) FROM products")).one()
    db.session.rollback()
    return tuple(found) == (len(products), max((r["id"] for r in products), default=None))


@pytest.fixture
def catalog_client(catalog_app):
    return catalog_app.test_client()


def product_named(prefix: str) -> Product:
    """The first product whose Vietnamese name starts with prefix."""
    for product in db.session.scalars(select(Product).order_by(Product.id)):
        if product.content["vi"]["name"].startswith(prefix):
            return product
    raise LookupError(prefix)


def first_name(query: str, **kwargs) -> str:
    """The Vietnamese name of the first search result."""
    found = search.search(query, **kwargs)
    assert found.product_ids, f"nothing found for {query!r}"
    return db.session.get(Product, found.product_ids[0]).content["vi"]["name"]
