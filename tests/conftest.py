"""Test fixtures: a schema built once from the migrations, each test isolated.

SQLite (default): the migrated template file is copied for every test.
PostgreSQL (TEST_DATABASE_URL set): migrated once, TRUNCATE … RESTART IDENTITY per test.
"""
from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.extensions import db

from .factories import Factories

PG_URL = os.environ.get("TEST_DATABASE_URL")
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context (own `g`, own db session), as in production.

    The test itself holds an app context for factories; without this, requests would
    share its `g` and its database session.
    """

    def open(self, *args, **kwargs):
        # Buffered: the response is read and closed, as a server does, so work deferred to
        # the response's close (the email outbox) runs as it would in production.
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _migrate(app) -> None:
    from flask_migrate import upgrade

    from ocop_shop.catalog.groups import ensure_groups

    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"), revision="heads")
        ensure_groups()
        db.session.commit()
        db.engine.dispose()


def _reset_postgres(url: str, tmp: Path) -> None:
    app = create_app(TestConfig(url, tmp))
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.engine.dispose()
    _migrate(app)


def pytest_generate_tests(metafunc):
    """The search contract's tests run on each search backend the test database offers."""
    from .search_fixtures import parametrize_search_backends

    parametrize_search_backends(metafunc)


@pytest.fixture
def search_backend(request) -> str:
    """The search engine of a test's app (search_fixtures): "whoosh" unless parametrized."""
    return getattr(request, "param", "whoosh")


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory):
    """The migrated database every test starts from."""
    tmp = tmp_path_factory.mktemp("schema")
    if PG_URL:
        _reset_postgres(PG_URL, tmp)
        return PG_URL
    path = tmp / "template.sqlite3"
    _migrate(create_app(TestConfig(f"sqlite:///{path}", tmp)))
    return path


def _truncate_all() -> None:
    from ocop_shop.catalog.groups import ensure_groups

    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    ensure_groups()
    db.session.commit()


def _test_config(request, url: str, tmp: Path) -> TestConfig:
    """TestConfig with the settings of a `@pytest.mark.config(NAME=value)` marker applied."""
    config = TestConfig(url, tmp)
    for marker in reversed(list(request.node.iter_markers("config"))):  # module first, the test's own last
        for name, value in marker.kwargs.items():
            setattr(config, name, value)
    return config


@pytest.fixture
def app(request, schema_template, tmp_path):
    """A fresh app with its own database, search index and upload folder."""
    if PG_URL:
        app = create_app(_test_config(request, PG_URL, tmp_path))
        with app.app_context():
            _truncate_all()
    else:
        db_file = tmp_path / "test.sqlite3"
        shutil.copyfile(schema_template, db_file)
        app = create_app(_test_config(request, f"sqlite:///{db_file}", tmp_path))
    app.test_client_class = FreshContextClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def factories(app) -> Factories:
    return Factories()


@pytest.fixture
def make_producer(factories):
    return factories.producer


@pytest.fixture
def make_product(factories):
    return factories.product


@pytest.fixture
def make_user(factories):
    return factories.user


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = CSRF_RE.search(html)
    assert match, "no csrf_token on the page"
    return match.group(1)


def post_form(client, page_url: str, data: dict, post_url: str | None = None, **kwargs):
    """Open a page, take its CSRF token and submit its form, as a browser does."""
    page = client.get(page_url)
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), **data}
    return client.post(post_url or page_url, data=data, **kwargs)


def two_step_code(user) -> str:
    """The current two-step code of an office account, its two-step sign-in set up first if needed.

    Tests sign the same account in several times within one 30-second step, and a code is
    accepted once, so the last accepted step is forgotten here (as a new step would do).
    """
    import pyotp

    from ocop_shop.types import utcnow

    if not user.has_two_factor:
        user.totp_secret, user.totp_enabled_at = pyotp.random_base32(32), utcnow()
    user.totp_last_step = None
    db.session.commit()
    return pyotp.TOTP(user.totp_secret).now()


def publish_from_review(office_client, product_id: int):
    """The office publishes a product from its review page, through the real form (token, seen stamp)."""
    queue = f"/vi/admin/review/products/{product_id}"
    html = office_client.get(queue).get_data(as_text=True)
    seen = html.split('name="seen"')[1].split('value="')[1].split('"')[0]
    return office_client.post(f"{queue}/publish", data={"csrf_token": csrf_from(html), "seen": seen})


def sign_in(client, user, password="correct horse battery"):
    """Sign in through the real forms: the password, then an office account's two-step code."""
    code = two_step_code(user) if user.role == "admin" else None
    response = post_form(client, "/vi/account/login", {"login": user.email or user.phone, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if code is not None:
        assert response.headers["Location"].endswith("/vi/account/two-factor"), response.headers["Location"]
        response = post_form(client, "/vi/account/two-factor", {"code": code})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login_as(client, factories):
    """Sign in through the real login form as a role name or a given user (office accounts pass the code step)."""

    def _login(who="customer", password="correct horse battery"):
        user = factories.user(role=who, password=password) if isinstance(who, str) else who
        db.session.commit()
        sign_in(client, user, password)
        return user

    return _login


@pytest.fixture
def count_queries(app):
    """Context manager collecting the SQL statements run inside it."""

    @contextmanager
    def _count():
        statements: list[str] = []

        def _record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", _record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", _record)

    return _count
