"""The factory, configuration, language routing, error pages and health."""
import pytest

from config import Config, TestConfig
from ocop_shop import create_app


def test_factory_uses_test_config(app):
    assert app.testing
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    assert app.config["DEMO_MODE"] is True


def test_production_requires_secret_key(monkeypatch):
    monkeypatch.setenv("OCOP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Config())


def test_demo_mode_is_off_outside_development(monkeypatch):
    monkeypatch.setenv("OCOP_ENV", "production")
    monkeypatch.setenv("DEMO_MODE", "1")
    assert Config().DEMO_MODE is False


def test_database_url_uses_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert Config().SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"


def test_refuses_to_start_with_demo_accounts_outside_demo_mode(app, make_user, monkeypatch, tmp_path):
    from ocop_shop.extensions import db

    make_user(email="admin@example.com", role="admin")
    db.session.commit()
    monkeypatch.setenv("OCOP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    with pytest.raises(RuntimeError, match="Demo accounts"):
        create_app(Config())


@pytest.mark.parametrize("header, expected", [
    (None, "/vi/"), ("en-US,en;q=0.9", "/en/"), ("vi-VN,vi;q=0.9,en;q=0.5", "/vi/"), ("fr-FR", "/vi/"),
])
def test_root_redirects_by_accept_language(client, header, expected):
    headers = {"Accept-Language": header} if header else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(expected)


def test_unknown_language_prefix_is_404(client):
    assert client.get("/fr/").status_code == 404


@pytest.mark.parametrize("lang, text", [("vi", "Không tìm thấy trang"), ("en", "Page not found")])
def test_404_is_localized(client, lang, text):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)


def test_home_links_its_language_twins(client):
    html = client.get("/vi/").get_data(as_text=True)
    assert 'hreflang="en" href="http://localhost/en/"' in html
    assert 'hreflang="x-default" href="http://localhost/vi/"' in html
    assert '<html lang="vi">' in html


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_names_each_dependency(app, client):
    from ocop_shop import search

    with app.app_context():
        search.sync()  # a new install has no index until the first sync
    body = client.get("/readyz")
    assert body.status_code == 200, body.get_json()
    assert body.get_json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "search": "ok", "uploads": "ok"}}


@pytest.mark.config(REDIS_URL="redis://127.0.0.1:1/0")
def test_readyz_is_503_when_a_dependency_fails_and_names_it_only(client):
    from ocop_shop import search

    search.sync()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"] == "failed"
    assert "127.0.0.1" not in response.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200  # liveness does not depend on Redis


def test_nul_characters_never_reach_the_database(client, factories):
    product = factories.product(name="Hạt dẻ")
    from ocop_shop.extensions import db

    db.session.commit()
    assert client.get("/vi/search?q=h%E1%BA%A1t%00d%E1%BA%BB").status_code == 200
    assert client.get("/vi/products?place=x%00y").status_code == 200
    assert client.get(f"/vi/products/{product.slug}%00").status_code == 404
    from ocop_shop.request_input import NulFreeMultiDict

    assert NulFreeMultiDict([("q", "a\x00b"), ("q", "c")]).getlist("q") == ["ab", "c"]
    assert NulFreeMultiDict({"k\x00": "v"}).to_dict() == {"k": "v"}
