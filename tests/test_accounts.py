"""Sign in, sign out and registration through the real forms, CSRF included."""
import pytest
from sqlalchemy import select

from ocop_shop.accounts.models import User
from ocop_shop.accounts.views import safe_next
from ocop_shop.extensions import db

from .conftest import post_form


def test_login_with_email_in_any_case(client, make_user):
    make_user(email="lan@example.org", password="mat-khau-dai-hon")
    db.session.commit()
    response = post_form(client, "/vi/account/login", {"login": "LAN@Example.org", "password": "mat-khau-dai-hon"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/vi/"


def test_producer_member_can_sign_in_with_phone(client, make_user):
    make_user(email="", phone="0912345678", role="producer", password="mat-khau-dai-hon")
    db.session.commit()
    response = post_form(client, "/vi/account/login", {"login": "0912345678", "password": "mat-khau-dai-hon"})
    assert response.status_code == 302


def test_wrong_password_shows_error_next_to_field_and_keeps_login(client, make_user):
    make_user(email="lan@example.org")
    db.session.commit()
    response = post_form(client, "/en/account/login", {"login": "lan@example.org", "password": "nope"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The email, phone number or password is not right." in html
    assert 'value="lan@example.org"' in html


def test_login_follows_same_site_next_only(client, make_user):
    make_user(email="lan@example.org", password="mat-khau-dai-hon")
    db.session.commit()
    data = {"login": "lan@example.org", "password": "mat-khau-dai-hon", "next": "/en/products?stars=4"}
    response = post_form(client, "/en/account/login", data)
    assert response.headers["Location"] == "/en/products?stars=4"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", ""])
def test_unsafe_next_is_ignored(target):
    assert safe_next(target) is None


def test_missing_csrf_token_is_refused_without_a_500(client, make_user):
    make_user(email="lan@example.org", password="mat-khau-dai-hon")
    db.session.commit()
    response = client.post("/vi/account/login", data={"login": "lan@example.org", "password": "mat-khau-dai-hon"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Biểu mẫu đã hết hạn" in page and 'value="lan@example.org"' in page  # the login form, kept (test_csrf_input)
    assert client.get("/vi/account/orders").status_code == 302  # nobody signed in


def test_inactive_user_cannot_sign_in(client, make_user):
    user = make_user(email="lan@example.org", password="mat-khau-dai-hon")
    user.active = False
    db.session.commit()
    response = post_form(client, "/vi/account/login", {"login": "lan@example.org", "password": "mat-khau-dai-hon"})
    assert response.status_code == 200


def test_register_creates_a_customer_with_lowercased_email(client):
    data = {"name": " Nông Thị Thược ", "email": "Thuoc@Example.ORG", "password": "mot-mat-khau-dai", "confirm": "mot-mat-khau-dai"}
    response = post_form(client, "/vi/account/register", data)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "thuoc@example.org"))
    assert user.role == "customer" and user.name == "Nông Thị Thược" and user.locale == "vi"


def test_register_errors_keep_what_was_typed(client, make_user):
    make_user(email="taken@example.org")
    db.session.commit()
    data = {"name": "Lý Thị Điệp", "email": "taken@example.org", "password": "short", "confirm": "other"}
    html = post_form(client, "/en/account/register", data).get_data(as_text=True)
    assert "Use at least 10 characters." in html
    assert 'value="Lý Thị Điệp"' in html


def test_logout_requires_post_and_signs_out(client, login_as):
    login_as("customer")
    assert client.get("/vi/account/logout").status_code == 405
    page = client.get("/vi/").get_data(as_text=True)
    assert "Đăng xuất" in page
    from .conftest import csrf_from

    response = client.post("/vi/account/logout", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    assert "Đăng nhập" in client.get("/vi/").get_data(as_text=True)


def test_create_admin_command(app, monkeypatch):
    monkeypatch.setenv("OCOP_ADMIN_PASSWORD", "office-password-1")
    result = app.test_cli_runner().invoke(args=["create-admin", "Office@Example.org"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "office@example.org"))
    assert user.role == "admin"
