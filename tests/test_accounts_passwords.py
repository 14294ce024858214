"""Password reset by a single-use expiring link, change of password, and sign-in that gives nothing away."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from werkzeug.security import check_password_hash

from ocop_shop.accounts import services
from ocop_shop.accounts.models import AccountToken, User
from ocop_shop.extensions import db
from ocop_shop.types import utcnow

from .conftest import csrf_from, post_form
from .test_accounts_verification import emails, link_path

NEW = {"password": "mat-khau-moi-dai-hon", "confirm": "mat-khau-moi-dai-hon"}


def password_ok(user_id: int, password: str) -> bool:
    db.session.expire_all()
    return check_password_hash(db.session.get(User, user_id).password_hash, password)


def test_the_reset_form_answers_the_same_for_known_and_unknown_addresses(client, make_user):
    make_user(email="lan@test.example")
    db.session.commit()
    known = post_form(client, "/vi/account/password/forgot", {"email": "LAN@test.example"})
    unknown = post_form(client, "/vi/account/password/forgot", {"email": "nobody@test.example"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    [email] = emails("account_password_reset")
    assert email.to == "lan@test.example"


def test_a_reset_link_works_once_and_verifies_the_address(client, make_user):
    lan = make_user(email="lan@test.example")
    db.session.commit()
    post_form(client, "/vi/account/password/forgot", {"email": "lan@test.example"})
    path = link_path(emails("account_password_reset")[0])
    page = client.get(path).get_data(as_text=True)
    assert "Đặt mật khẩu mới" in page
    token = csrf_from(page)
    response = client.post(path, data={"csrf_token": token, **NEW})
    assert response.status_code == 302 and response.headers["Location"] == "/vi/account/login"
    assert password_ok(lan.id, NEW["password"])
    assert db.session.get(User, lan.id).email_verified_at is not None
    again = {"csrf_token": token, "password": "ba-mat-khau-khac", "confirm": "ba-mat-khau-khac"}
    assert client.post(path, data=again).status_code == 404  # used once: the second try changes nothing
    assert password_ok(lan.id, NEW["password"])
    assert [e.to for e in emails("account_password_changed")] == ["lan@test.example"]


def test_an_expired_reset_link_is_refused(client, make_user):
    lan = make_user(email="lan@test.example")
    db.session.commit()
    post_form(client, "/vi/account/password/forgot", {"email": "lan@test.example"})
    db.session.execute(update(AccountToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    path = link_path(emails("account_password_reset")[0])
    assert client.get(path).status_code == 404
    assert password_ok(lan.id, "correct horse battery")


def test_changing_the_password_voids_reset_links_and_tells_the_address(client, login_as, factories):
    me = factories.user(email="minh@test.example")
    db.session.commit()
    post_form(client, "/vi/account/password/forgot", {"email": "minh@test.example"})
    path = link_path(emails("account_password_reset")[0])
    login_as(me)
    wrong = post_form(client, "/vi/account/password", {"current": "not it", **NEW})
    assert 'id="current-error"' in wrong.get_data(as_text=True)
    assert password_ok(me.id, "correct horse battery")
    assert post_form(client, "/vi/account/password", {"current": "correct horse battery", **NEW}).status_code == 302
    assert password_ok(me.id, NEW["password"])
    assert [e.to for e in emails("account_password_changed")] == ["minh@test.example"]
    assert client.get(path).status_code == 404  # the reset link sent earlier is void


def test_unknown_email_and_wrong_password_get_the_same_answer_and_the_same_work(client, make_user):
    make_user(email="lan@test.example", password="mat-khau-dai-hon")
    db.session.commit()
    checked = []
    original = services.check_password_hash
    services.check_password_hash = lambda stored, password: checked.append(stored) or original(stored, password)
    try:
        wrong = post_form(client, "/vi/account/login", {"login": "lan@test.example", "password": "sai-mat-khau"})
        unknown = post_form(client, "/vi/account/login", {"login": "ai@test.example", "password": "sai-mat-khau"})
    finally:
        services.check_password_hash = original
    assert len(checked) == 2  # one hash check each: the unknown address is checked against a dummy hash
    assert checked[1].split("$")[0] == checked[0].split("$")[0]  # same method, same cost
    message = "Email, số điện thoại hoặc mật khẩu chưa đúng."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_sign_in_timing_does_not_tell_which_emails_have_accounts(app, make_user):
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:200000"  # a real cost, so the difference would show
    make_user(email="lan@test.example", password="mat-khau-dai-hon")
    db.session.commit()
    services.authenticate("warm@test.example", "x")

    def timed(login: str) -> float:
        start = time.perf_counter()
        assert services.authenticate(login, "sai-mat-khau") is None
        return time.perf_counter() - start

    known = min(timed("lan@test.example") for _ in range(3))
    unknown = min(timed("ai@test.example") for _ in range(3))
    assert unknown > known * 0.5 and known > unknown * 0.5


def test_the_session_is_renewed_at_sign_in(client, make_user):
    make_user(email="lan@test.example", password="mat-khau-dai-hon")
    db.session.commit()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    post_form(client, "/vi/account/login", {"login": "lan@test.example", "password": "mat-khau-dai-hon"})
    with client.session_transaction() as session:
        assert "planted" not in session and session["_user_id"]


@pytest.mark.config(RATELIMIT_ENABLED=True)
def test_reset_links_are_rate_limited_per_address_typed(client):
    statuses = [post_form(client, "/vi/account/password/forgot", {"email": "lan@test.example"}).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert db.session.scalar(select(AccountToken.id)) is None  # no account: nothing stored for anyone
