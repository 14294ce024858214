"""Office accounts: two-step sign-in (TOTP and recovery codes), the back office gate, the password asked again."""
import re
import time
from pathlib import Path

import pyotp
from sqlalchemy import func, select

from ocop_shop.accounts.models import RecoveryCode, User
from ocop_shop.accounts.reauth import SESSION_KEY
from ocop_shop.extensions import db

from .conftest import csrf_from, post_form, two_step_code

PASSWORD = "correct horse battery"


def fresh(user_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, user_id)


def password_typed_long_ago(client) -> None:
    """The session's password stamp is eleven minutes old (signed in a while ago)."""
    with client.session_transaction() as session:
        session[SESSION_KEY] = int(time.time()) - 11 * 60


def password_step(client, user, lang="vi"):
    return post_form(client, f"/{lang}/account/login", {"login": user.email, "password": PASSWORD})


def test_an_office_account_without_two_step_is_sent_to_set_it_up_before_any_admin_page(client, factories):
    office = factories.user(role="admin")
    db.session.commit()
    response = password_step(client, office)
    assert response.headers["Location"].startswith("/vi/account/two-factor/setup")
    blocked = client.get("/vi/admin/")
    assert blocked.status_code == 302 and "/vi/account/two-factor/setup" in blocked.headers["Location"]
    token = csrf_from(client.get("/vi/account/").get_data(as_text=True))
    posted = client.post("/vi/admin/payments/transfers", data={"csrf_token": token, "number": "X"})
    assert posted.status_code == 302 and "/two-factor/setup" in posted.headers["Location"]

    page = client.get("/vi/account/two-factor/setup").get_data(as_text=True)
    assert "<svg" in page and " style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = fresh(office.id).totp_secret
    assert re.sub(r"\s", "", re.search(r'class="secret-key">([^<]+)<', page).group(1)) == secret
    wrong = post_form(client, "/vi/account/two-factor/setup", {"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    assert 'id="code-error"' in wrong.get_data(as_text=True)
    assert fresh(office.id).totp_enabled_at is None

    done = post_form(client, blocked.headers["Location"], {"code": pyotp.TOTP(secret).now()})
    assert 'href="/vi/admin/"' in done.get_data(as_text=True)  # then on to the page that sent it here
    codes = re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>", done.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert done.headers["Cache-Control"] == "no-store"
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == office.id)).all()
    assert len(stored) == 10 and not any(code.replace("-", "") in stored for code in codes)
    assert fresh(office.id).totp_enabled_at is not None
    assert client.get("/vi/admin/").status_code == 200


def test_every_sign_in_of_an_office_account_asks_for_a_code_used_once(client, factories):
    office = factories.user(role="admin")
    db.session.commit()
    code = two_step_code(office)
    response = password_step(client, office)
    assert response.headers["Location"] == "/vi/account/two-factor"
    assert client.get("/vi/admin/").status_code == 302  # not signed in yet
    wrong = post_form(client, "/vi/account/two-factor", {"code": "12345x"})
    assert "Mã chưa đúng" in wrong.get_data(as_text=True)
    assert post_form(client, "/vi/account/two-factor", {"code": code}).status_code == 302
    assert client.get("/vi/admin/").status_code == 200

    # The same code, in another browser a moment later, is refused (RFC 6238 §5.2).
    other = client.application.test_client()
    password_step(other, office)
    replay = post_form(other, "/vi/account/two-factor", {"code": code})
    assert replay.status_code == 200 and 'id="code-error"' in replay.get_data(as_text=True)
    assert other.get("/vi/admin/").status_code == 302


def test_a_recovery_code_signs_in_once(client, factories):
    office = factories.user(role="admin")
    db.session.commit()
    from ocop_shop.accounts import two_factor

    two_step_code(office)
    codes = two_factor.new_recovery_codes(office)
    db.session.commit()
    password_step(client, office)
    response = post_form(client, "/vi/account/two-factor", {"code": codes[3].upper()})
    assert response.status_code == 302
    assert "Số mã khôi phục còn lại: 9" in client.get("/vi/account/").get_data(as_text=True)
    client.post("/vi/account/logout", data={"csrf_token": csrf_from(client.get("/vi/account/").get_data(as_text=True))})
    password_step(client, office)
    again = post_form(client, "/vi/account/two-factor", {"code": codes[3]})
    assert again.status_code == 200 and 'id="code-error"' in again.get_data(as_text=True)


def test_the_code_step_expires_and_cannot_be_skipped(client, factories):
    office = factories.user(role="admin")
    db.session.commit()
    code = two_step_code(office)
    password_step(client, office)
    token = csrf_from(client.get("/vi/account/two-factor").get_data(as_text=True))
    with client.session_transaction() as session:
        session["two_factor_pending"] = {**session["two_factor_pending"], "at": int(time.time()) - 301}
    response = client.post("/vi/account/two-factor", data={"csrf_token": token, "code": code})
    assert response.status_code == 302 and response.headers["Location"].startswith("/vi/account/login")
    assert client.get("/vi/admin/").status_code == 302
    assert fresh(office.id).totp_last_step is None  # the valid code was not even looked at


def test_a_session_without_the_code_step_is_sent_back_to_sign_in(client, factories):
    """An office account signed in before its two-step sign-in existed (or from a remember-me cookie)."""
    office = factories.user(role="admin")
    db.session.commit()
    password_step(client, office)  # no two-step yet: signed in, sent to set up
    two_step_code(office)  # set up meanwhile (another browser)
    response = client.get("/vi/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/vi/account/login")
    assert client.get("/vi/account/").status_code == 302  # signed out


def test_customers_and_producers_have_no_two_step_pages(client, login_as):
    login_as("customer")
    assert client.get("/vi/account/two-factor/setup").status_code == 404
    assert "Đăng nhập hai bước" not in client.get("/vi/account/").get_data(as_text=True)


def test_resetting_two_step_needs_the_password_again_within_ten_minutes(client, login_as):
    office = login_as("admin")
    password_typed_long_ago(client)
    response = client.get("/vi/account/two-factor/reset")
    assert response.status_code == 302
    assert response.headers["Location"] == "/vi/account/confirm-password?next=/vi/account/two-factor/reset"
    wrong = post_form(client, response.headers["Location"], {"password": "not it"})
    assert 'id="password-error"' in wrong.get_data(as_text=True)
    confirmed = post_form(client, response.headers["Location"], {"password": PASSWORD})
    assert confirmed.headers["Location"] == "/vi/account/two-factor/reset"
    assert post_form(client, "/vi/account/two-factor/reset", {}).headers["Location"] == "/vi/account/two-factor/setup"
    office = fresh(office.id)
    assert office.totp_secret is None and office.totp_enabled_at is None
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    assert client.get("/vi/admin/").status_code == 302  # closed until set up again


def test_new_recovery_codes_need_the_password_again_and_replace_the_old_ones(client, login_as):
    office = login_as("admin")
    from ocop_shop.accounts import two_factor

    old = two_factor.new_recovery_codes(fresh(office.id))
    db.session.commit()
    page = client.get("/en/account/").get_data(as_text=True)
    password_typed_long_ago(client)
    refused = client.post("/en/account/two-factor/recovery-codes", data={"csrf_token": csrf_from(page)},
                          headers={"Referer": "http://localhost/en/account/"})
    assert refused.headers["Location"] == "/en/account/confirm-password?next=/en/account/"
    post_form(client, refused.headers["Location"], {"password": PASSWORD})
    shown = client.post("/en/account/two-factor/recovery-codes", data={"csrf_token": csrf_from(page)})
    new = re.findall(r"<code>([a-z0-9-]{14})</code>", shown.get_data(as_text=True))
    assert len(new) == 10 and not set(new) & set(old)
    assert not two_factor.use_recovery_code(fresh(office.id), old[0])


def test_confirm_password_follows_same_site_next_only(client, login_as):
    login_as("customer")
    response = post_form(client, "/vi/account/confirm-password?next=https://evil.example/", {"password": PASSWORD})
    assert response.headers["Location"] == "/vi/account/"


def test_the_demo_office_account_has_the_readme_key(app):
    from ocop_shop.seed.demo import DEMO_TOTP_SECRET, seed_demo

    seed_demo()
    db.session.commit()
    office = db.session.scalar(select(User).where(User.email == "admin@example.com"))
    assert office.totp_secret == DEMO_TOTP_SECRET and office.has_two_factor and office.email_verified
    readme = Path(__file__).resolve().parent.parent / "README.md"
    assert DEMO_TOTP_SECRET in readme.read_text(encoding="utf-8")
