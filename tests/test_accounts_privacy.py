"""A customer's data: download (JSON), marketing email by its own opt-in, account deletion."""
import json

from sqlalchemy import func, select, update

from ocop_shop.accounts import privacy
from ocop_shop.accounts.models import MarketingConsent, User
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders import queries
from ocop_shop.orders.models import Order, OrderLine
from ocop_shop.tourism.experiences import BookingRequest
from ocop_shop.types import utcnow

from .conftest import post_form
from .factories import a_day
from .test_accounts_two_factor import password_typed_long_ago
from .test_accounts_verification import REGISTER

PASSWORD = "correct horse battery"


def consents(user_id: int) -> list[MarketingConsent]:
    db.session.expire_all()
    return db.session.scalars(select(MarketingConsent).where(MarketingConsent.user_id == user_id)
                              .order_by(MarketingConsent.id)).all()


def delivered(order: Order) -> None:
    db.session.execute(update(Order).where(Order.id == order.id).values(status="delivered"))
    db.session.commit()


def test_download_holds_the_account_its_orders_bookings_and_consents_and_nobody_elses(client, login_as, factories,
                                                                                     make_product):
    me = factories.user(email="me@test.example", phone="0987654321")
    product = make_product(name="Miến dong Phja Đén", price=120_000)
    mine = factories.order((product, 2), user=me)
    theirs = factories.order((product, 1), user=factories.user())
    factories.booking(user=me, requested_on=a_day(-3), status="accepted")
    privacy.set_marketing(me, True, "registration")
    db.session.commit()
    login_as(me)
    response = client.get("/vi/account/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "me@test.example" and data["account"]["phone"] == "0987654321"
    assert [o["number"] for o in data["orders"]] == [mine.number]
    assert data["orders"][0]["lines"][0] == {"product": "Miến dong Phja Đén", "producer": mine_producer(mine),
                                             "unit": "gói", "quantity": 2, "unit_price": 120_000,
                                             "line_total": 240_000}
    assert data["addresses"] == [{"name": "Nguyễn Thị Lan", "phone": "+84912345678", "email": "lan@test.example",
                                  "street": "Số 8 phố Kim Đồng", "ward": mine.ward_name,
                                  "province": mine.province_name}]
    assert data["booking_requests"][0]["message"] == "Chúng tôi đến buổi chiều."
    assert data["consents"]["marketing_email"][0]["source"] == "registration"
    assert theirs.number not in response.get_data(as_text=True)


def mine_producer(order: Order) -> str:
    return db.session.scalar(select(OrderLine.producer_name).where(OrderLine.order_id == order.id))


def test_download_asks_for_the_password_again_after_ten_minutes(client, login_as):
    login_as("customer")
    password_typed_long_ago(client)
    response = client.get("/en/account/data.json")
    assert response.headers["Location"] == "/en/account/confirm-password?next=/en/account/data.json"
    back = post_form(client, response.headers["Location"], {"password": PASSWORD})
    assert back.headers["Location"] == "/en/account/data.json"
    assert client.get("/en/account/data.json").status_code == 200


def test_marketing_opt_in_is_unticked_recorded_with_its_source_and_withdrawn_as_easily(client):
    form = client.get("/vi/account/register").get_data(as_text=True)
    box = form.split('name="marketing"', 1)[0].rsplit("<input", 1)[1] + form.split('name="marketing"', 1)[1].split(">", 1)[0]
    assert 'type="checkbox"' in box and "checked" not in box
    post_form(client, "/vi/account/register", {**REGISTER, "marketing": "y"})
    me = db.session.scalar(select(User).where(User.email == "nam@test.example"))
    [given] = consents(me.id)
    assert given.granted and given.source == "registration" and given.at is not None
    assert not privacy.may_send_marketing(me)  # not until the address is confirmed
    me.email_verified_at = utcnow()
    db.session.commit()
    assert privacy.may_send_marketing(me)

    page = client.get("/vi/account/").get_data(as_text=True)
    assert "Bạn đã đăng ký nhận từ" in page
    post_form(client, "/vi/account/", {}, post_url="/vi/account/marketing")  # the box left unticked: withdrawn
    given, withdrawn = consents(me.id)
    assert not withdrawn.granted and withdrawn.source == "account_page"
    assert not privacy.may_send_marketing(db.session.get(User, me.id))
    post_form(client, "/vi/account/", {}, post_url="/vi/account/marketing")
    assert len(consents(me.id)) == 2  # no change, no new record


def test_registering_without_the_box_records_no_consent(client):
    post_form(client, "/vi/account/register", REGISTER)
    me = db.session.scalar(select(User).where(User.email == "nam@test.example"))
    assert consents(me.id) == [] and not privacy.may_send_marketing(me)


def test_deletion_waits_for_open_orders_and_keeps_what_accounting_needs(client, login_as, factories, make_product):
    me = factories.user(email="me@test.example")
    order = factories.order((make_product(price=90_000), 1), user=me, payment_method="cod")
    booking = factories.booking(user=me, requested_on=a_day(-5), status="accepted", email="me@test.example")
    privacy.set_marketing(me, True, "registration")
    db.session.commit()
    old_link, me_id, total, number = queries.guest_path(order), me.id, order.total, order.number
    login_as(me)
    blocked = client.get("/vi/account/delete").get_data(as_text=True)
    assert "chưa hoàn tất" in blocked and "Xóa vĩnh viễn tài khoản" not in blocked

    delivered(order)
    wrong = post_form(client, "/vi/account/delete", {"understood": "y", "password": "not it"})
    assert 'id="password-error"' in wrong.get_data(as_text=True)
    unticked = post_form(client, "/vi/account/delete", {"password": PASSWORD})
    assert 'id="understood-error"' in unticked.get_data(as_text=True)
    assert db.session.get(User, me_id) is not None

    response = post_form(client, "/vi/account/delete", {"understood": "y", "password": PASSWORD})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, me_id) is None
    kept = db.session.get(Order, order.id)
    assert (kept.user_id, kept.contact_name, kept.phone, kept.email, kept.street, kept.note) == (None, "", "", "", "", "")
    assert kept.total == total and kept.number == number and kept.province_name and kept.ward_name
    assert db.session.scalar(select(func.count()).select_from(OrderLine).where(OrderLine.order_id == order.id)) == 1
    assert client.get(old_link).status_code == 404  # the old private link opens nothing
    gone = db.session.get(BookingRequest, booking.id)
    assert (gone.user_id, gone.contact_name, gone.phone, gone.email, gone.message) == (None, "", "", None, "")
    assert db.session.scalar(select(func.count()).select_from(MarketingConsent)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail).where(
        OutboxEmail.to.in_(["me@test.example", "lan@test.example"]))) == 0
    assert client.get("/vi/account/").status_code == 302  # signed out


def test_deletion_needs_the_password_again_after_ten_minutes(client, login_as):
    login_as("customer")
    password_typed_long_ago(client)
    response = client.get("/vi/account/delete")
    assert response.headers["Location"] == "/vi/account/confirm-password?next=/vi/account/delete"


def test_office_and_producer_accounts_are_not_deleted_from_the_account_page(client, login_as, factories):
    login_as(factories.user(role="producer", producer=factories.producer()))
    assert client.get("/vi/account/delete").status_code == 404
    assert "Xóa tài khoản của tôi" not in client.get("/vi/account/").get_data(as_text=True)
