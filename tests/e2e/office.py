"""The office signs in through the real login form and its two-step code (browser tests)."""
from __future__ import annotations

from sqlalchemy import select

from ocop_shop.accounts.models import User
from ocop_shop.extensions import db

from ..conftest import two_step_code

DEMO_OFFICE = "admin@example.com"
DEMO_PASSWORD = "ocop-demo-pass"


def sign_in_office(page, live_server, email: str = DEMO_OFFICE, password: str = DEMO_PASSWORD) -> None:
    office = db.session.scalars(select(User).where(User.email == email)).one()
    code = two_step_code(office)
    page.goto(f"{live_server}/vi/account/login")
    page.get_by_label("Email hoặc số điện thoại").fill(email)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã xác minh").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
