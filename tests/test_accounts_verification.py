"""Email verification of new accounts and change of email, through the real forms and links."""
import re

from sqlalchemy import select

from ocop_shop.accounts.models import AccountToken, User
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail

from .conftest import csrf_from, post_form

REGISTER = {"name": "Hoàng Văn Nam", "email": "nam@test.example", "password": "mot-mat-khau-dai",
            "confirm": "mot-mat-khau-dai"}


def emails(kind: str) -> list[OutboxEmail]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == kind).order_by(OutboxEmail.id)).all()


def link_path(email: OutboxEmail) -> str:
    """The site path of the link in an email (SITE_URL dropped)."""
    return re.search(r"https?://[^/\s]+(/\S+)", email.text).group(1)


def user(email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def test_a_new_account_is_unverified_and_gets_a_link_in_its_language(client):
    post_form(client, "/en/account/register", REGISTER)
    assert user("nam@test.example").email_verified_at is None
    [email] = emails("account_verify_email")
    assert email.to == "nam@test.example" and "Confirm your email address" in email.subject
    assert "/en/account/verify/" in email.text
    stored = db.session.scalar(select(AccountToken.token_hash))
    assert link_path(email).rsplit("/", 1)[1] not in stored  # only the hash is kept


def test_unverified_account_may_shop_and_sees_a_notice_with_a_resend_button(client):
    post_form(client, "/vi/account/register", REGISTER)
    page = client.get("/vi/account/").get_data(as_text=True)
    assert "chưa được xác nhận" in page and "Gửi lại đường dẫn" in page
    assert client.get("/vi/account/orders").status_code == 200
    assert client.get("/vi/cart").status_code == 200
    response = client.post("/vi/account/verify/resend", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 302
    first, second = emails("account_verify_email")
    # The newer link replaces the older one.
    assert client.get(link_path(first)).status_code == 404
    assert client.get(link_path(second)).status_code == 200


def test_the_link_verifies_once_and_only_by_the_button(client):
    post_form(client, "/vi/account/register", REGISTER)
    path = link_path(emails("account_verify_email")[0])
    assert client.get(path).status_code == 200
    assert user("nam@test.example").email_verified_at is None  # opening the link (a mail scanner) changes nothing
    response = post_form(client, path, {})
    assert response.status_code == 302
    assert user("nam@test.example").email_verified_at is not None
    page = client.get("/vi/account/").get_data(as_text=True)
    assert "chưa được xác nhận" not in page and "(đã xác nhận)" in page
    assert client.get(path).status_code == 404
    assert "Đường dẫn này không còn dùng được" in client.get(path).get_data(as_text=True)


def test_a_forged_or_expired_link_changes_nothing(client, make_user):
    make_user(email="lan@test.example")
    db.session.commit()
    assert client.get("/vi/account/verify/not-a-real-token").status_code == 404
    assert client.get("/vi/account/verify/" + "x" * 500).status_code == 404


def test_change_of_email_needs_the_password_and_takes_effect_at_the_new_address(client, login_as, factories):
    me = factories.user(email="old@test.example", password="correct horse battery")
    me.locale = "en"
    db.session.commit()
    login_as(me)
    wrong = post_form(client, "/vi/account/email", {"email": "new@test.example", "password": "nope"})
    assert "Đây không phải mật khẩu hiện tại của bạn." in wrong.get_data(as_text=True)
    assert emails("account_email_change") == []
    response = post_form(client, "/vi/account/email", {"email": "New@Test.example", "password": "correct horse battery"})
    assert response.status_code == 302
    [confirm] = emails("account_email_change")
    assert confirm.to == "new@test.example"
    assert user("old@test.example") is not None  # nothing changes before the new address confirms
    path = link_path(confirm)
    assert "new@test.example" in client.get(path).get_data(as_text=True)
    assert post_form(client, path, {}).status_code == 302
    assert user("old@test.example") is None
    changed = user("new@test.example")
    assert changed.id == me.id and changed.email_verified_at is not None
    [notice] = emails("account_email_changed")
    assert notice.to == "old@test.example" and "n…@test.example" in notice.text
    assert "new@test.example" not in notice.text
    assert client.post(path, data={"csrf_token": csrf_from(client.get("/vi/account/").get_data(as_text=True))}
                       ).status_code == 404  # single use


def test_change_of_email_to_a_taken_address_is_refused_next_to_the_field(client, login_as, make_user):
    make_user(email="taken@test.example")
    login_as("customer")
    html = post_form(client, "/en/account/email", {"email": "taken@test.example",
                                                   "password": "correct horse battery"}).get_data(as_text=True)
    assert 'id="email-error"' in html and "Another account uses this email address." in html
