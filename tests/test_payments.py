"""Bank transfer by VietQR end to end, the office confirmation screen, cash on delivery, the email outbox."""
import pytest
from sqlalchemy import func, select

from ocop_shop import mail
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders import fulfilment
from ocop_shop.orders.models import Fulfilment, Order
from ocop_shop.payments import vietqr
from ocop_shop.payments.models import Payment

from .conftest import post_form
from .test_checkout import add, details, place


@pytest.fixture(autouse=True)
def _rules(factories):
    factories.shipping_rules()
    db.session.commit()


def test_vietqr_payload_reads_back_with_crc_bin_account_amount_and_memo(app):
    payload = vietqr.build_payload("970436", "0011004567890", 265_000, "K7M2QX9PA")
    assert payload.startswith("000201010212")  # EMVCo version, dynamic QR (an amount is set)
    assert "5303704" in payload and "5802VN" in payload  # currency 704 (VND), country VN
    assert vietqr.parse_payload(payload) == {"bank_bin": "970436", "account": "0011004567890", "amount": 265_000,
                                             "currency": "704", "memo": "K7M2QX9PA", "crc": payload[-4:]}
    broken = payload[:-4] + ("0000" if payload[-4:] != "0000" else "FFFF")
    assert vietqr.parse_payload(broken) is None
    svg = vietqr.qr_svg(payload)
    assert svg.startswith("<svg") and "style=" not in svg


def test_bank_transfer_order_shows_the_qr_and_the_same_data_as_text(client, make_product):
    product = make_product(name="Hạt dẻ Trùng Khánh", price=120_000, stock=5)
    db.session.commit()
    add(client, product)
    details(client, payment_method="bank_transfer")
    response, _ = place(client)
    order = db.session.scalars(select(Order)).one()
    assert order.payment_status == "pending"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<svg" in page and "VietQR" in page
    for text in ("Vietcombank", "970436", client.application.config["BANK_ACCOUNT"], order.number, "140000"):
        assert text in page
    email = db.session.scalars(select(OutboxEmail)).one()
    assert order.number in email.text and "140000" in email.text and "<svg" in email.html
    assert email.status == "sent"  # sent (to the log) after the commit


def test_office_confirms_the_exact_amount_and_the_order_is_paid(client, login_as, make_product, factories):
    order = factories.order((make_product(price=100_000), 1))
    db.session.commit()
    login_as("admin")
    response = post_form(client, "/vi/admin/payments/transfers",
                         {"number": order.number.lower(), "amount": str(order.total), "reference": "FT26333001"})
    assert response.status_code == 302
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.payment_status == "paid" and not order.flagged
    page = client.get("/vi/admin/payments/transfers").get_data(as_text=True)
    assert "FT26333001" in page


def test_a_wrong_amount_leaves_the_order_pending_and_flagged(client, login_as, make_product, factories):
    order = factories.order((make_product(price=100_000), 1))
    db.session.commit()
    login_as("admin")
    post_form(client, "/vi/admin/payments/transfers",
              {"number": order.number, "amount": "100000", "reference": "FT26333002"})
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.payment_status == "pending" and order.flagged
    assert db.session.scalar(select(Payment.status)) == "flagged"
    page = client.get("/vi/admin/payments/transfers").get_data(as_text=True)
    assert "Cần xử lý" in page
    again = post_form(client, "/vi/admin/payments/transfers",
                      {"number": order.number, "amount": str(order.total), "reference": "FT26333002"})
    assert again.status_code == 200 and "đã được ghi nhận" in again.get_data(as_text=True)


@pytest.mark.parametrize("role, status", [("customer", 403), ("producer", 403)])
def test_the_office_screen_is_for_office_staff_only(client, login_as, role, status):
    login_as(role)
    assert client.get("/vi/admin/payments/transfers").status_code == status


def test_guests_are_sent_to_sign_in(client):
    response = client.get("/vi/admin/payments/transfers")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_cash_on_delivery_end_to_end(client, make_product):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    add(client, product)
    details(client, payment_method="cod")
    place(client)
    order = db.session.scalars(select(Order)).one()
    parcel = db.session.scalars(select(Fulfilment)).one()
    fulfilment.accept(parcel)
    fulfilment.ship(parcel, "Viettel Post", "VTP1")
    fulfilment.deliver(parcel)
    fulfilment.record_cash_collected(parcel, parcel.amount_due)
    db.session.commit()
    assert (order.status, order.payment_status) == ("closed", "paid")


def test_a_failed_send_never_fails_the_request_and_is_retried(client, make_product, monkeypatch):
    def broken(row):
        raise OSError("SMTP is down")

    monkeypatch.setattr(mail, "deliver", broken)
    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    details(client)
    response, _ = place(client)
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.scalars(select(OutboxEmail)).one()
    assert (row.status, row.attempts) == ("pending", 1)
    monkeypatch.undo()
    assert mail.send_pending() == 1
    db.session.expire_all()
    assert db.session.scalar(select(OutboxEmail.status)) == "sent"


def test_emails_are_in_the_order_locale(client, make_product):
    product = make_product(stock=5)
    db.session.commit()
    post_form(client, "/en/account/login", {"product_id": product.id, "quantity": "1"}, post_url="/en/cart/add")
    post_form(client, "/en/checkout", {"contact_name": "Anna Smith", "phone": "0912345678", "email": "anna@test.example",
                                       "province": "1", "ward": "70", "street": "1 Tràng Tiền",
                                       "payment_method": "bank_transfer", "action": "continue"})
    place(client, lang="en")
    email = db.session.scalars(select(OutboxEmail)).one()
    assert email.subject.startswith("Your order") and "Please pay by bank transfer" in email.text
    assert db.session.scalar(select(Order.locale)) == "en"
    assert db.session.scalar(select(func.count()).select_from(Order)) == 1
