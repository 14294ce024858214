"""Cash on delivery against hoarding: units per product, open orders per phone number, and parcels
not accepted within COD_ACCEPT_HOURS giving their units back through `flask orders expire`."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from config import Config
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders import fulfilment
from ocop_shop.orders.events import OrderEvent
from ocop_shop.orders.models import Fulfilment, Order
from ocop_shop.payments import services as payments
from ocop_shop.types import utcnow

from .test_checkout import add, details, place


@pytest.fixture(autouse=True)
def _rules(factories):
    factories.shipping_rules()
    db.session.commit()


def _orders() -> int:
    return db.session.scalar(select(func.count(Order.id)))


def _stock(product) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Product.stock).where(Product.id == product.id))


def test_more_units_of_one_product_than_allowed_are_refused_for_cash_on_delivery(client, make_product):
    product = make_product(name="Hạt dẻ Trùng Khánh", price=120_000, stock=50)
    db.session.commit()
    add(client, product, 11)
    details(client, payment_method="cod")
    response, _ = place(client)
    assert response.headers["Location"].endswith("/vi/checkout")
    page = client.get("/vi/checkout").text
    assert "Khi trả tiền khi nhận hàng, bạn chỉ đặt được tối đa 10 Hạt dẻ Trùng Khánh" in page
    assert _orders() == 0 and _stock(product) == 50
    details(client, payment_method="bank_transfer")  # paying in advance, the same cart goes through
    place(client)
    assert _orders() == 1 and _stock(product) == 39


@pytest.mark.config(COD_MAX_UNITS_PER_PRODUCT=3)
def test_the_units_limit_is_a_setting_and_speaks_english(client, make_product):
    product = make_product(name="Cao Bang chestnuts", price=120_000, stock=50)
    db.session.commit()
    add(client, product, 4)
    details(client, lang="en", payment_method="cod")
    place(client, lang="en")
    assert "With cash on delivery you can order at most 3 of Cao Bang chestnuts" in client.get("/en/checkout").text
    assert _orders() == 0


def test_the_defaults_are_ten_units_two_open_orders_and_72_hours():
    config = Config()
    assert (config.COD_MAX_UNITS_PER_PRODUCT, config.COD_MAX_OPEN_ORDERS_PER_PHONE, config.COD_ACCEPT_HOURS) == \
        (10, 2, 72)


@pytest.mark.config(COD_MAX_OPEN_ORDERS_PER_PHONE=2)
def test_a_phone_number_may_hold_two_open_cash_on_delivery_orders(client, factories, make_product):
    product = make_product(price=100_000, stock=50)
    first = factories.order((product, 1), payment_method="cod")  # phone +84912345678
    factories.order((product, 1), payment_method="cod")
    db.session.commit()
    add(client, product, 1)
    details(client, payment_method="cod", phone="0912.345.678")  # the same number, typed another way
    place(client)
    assert "Số điện thoại này đã có 2 đơn trả tiền khi nhận hàng đang chờ giao" in client.get("/vi/checkout").text
    assert _orders() == 2
    payments.cancel_order(first, "customer")  # one fewer open: the next goes through
    db.session.commit()
    place(client)
    assert _orders() == 3


@pytest.mark.config(COD_MAX_OPEN_ORDERS_PER_PHONE=2)
def test_shipped_orders_no_longer_count_as_open(client, factories, make_product):
    product = make_product(price=100_000, stock=50)
    for _ in range(2):
        order = factories.order((product, 1), payment_method="cod")
        parcel = db.session.scalars(select(Fulfilment).where(Fulfilment.order_id == order.id)).one()
        fulfilment.accept(parcel)
        fulfilment.ship(parcel, "Viettel Post", f"VTP{order.id}")
    db.session.commit()
    add(client, product, 1)
    details(client, payment_method="cod")
    place(client)
    assert _orders() == 3


# -- parcels not accepted in time ---------------------------------------------------------------------------

def _age(order, hours: float) -> None:
    db.session.execute(update(Order).where(Order.id == order.id).values(placed_at=utcnow() - timedelta(hours=hours))
                       .execution_options(synchronize_session=False))
    db.session.commit()


def _expire(app) -> str:
    result = app.test_cli_runner().invoke(args=["orders", "expire"])
    assert result.exit_code == 0, result.output
    return result.output


def test_parcels_not_accepted_within_72_hours_give_their_units_back_once(app, factories):
    a, b = factories.producer(name="HTX A"), factories.producer(name="HTX B")
    tea, honey = factories.product(producer=a, stock=10), factories.product(producer=b, stock=10)
    late = factories.order((tea, 2), (honey, 3), payment_method="cod", locale="en")
    recent = factories.order((tea, 1), payment_method="cod")
    accepted_parcel = db.session.scalars(select(Fulfilment).where(
        Fulfilment.order_id == late.id, Fulfilment.producer_id == b.id)).one()
    fulfilment.accept(accepted_parcel)
    db.session.commit()
    _age(late, 73)
    _age(recent, 71)
    assert "released 1 cash-on-delivery parcels" in _expire(app)
    assert _stock(tea) == 9 and _stock(honey) == 7  # only A's pending parcel of the late order
    parcels = {p.producer_id: p for p in db.session.scalars(select(Fulfilment).where(Fulfilment.order_id == late.id))}
    assert (parcels[a.id].status, parcels[a.id].cancel_reason) == ("cancelled", "not_accepted")
    assert parcels[b.id].status == "accepted"
    assert db.session.get(Order, late.id).status == "in_progress"
    email = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "parcel_dropped")).one()
    assert email.to == late.email and email.subject == f"A parcel of your order {late.number} is cancelled"
    assert "did not confirm your parcel" in email.text
    assert "released 0" in _expire(app)  # idempotent
    assert _stock(tea) == 9
    event = db.session.scalars(select(OrderEvent).where(OrderEvent.order_id == late.id,
                                                        OrderEvent.subject == "parcel")).all()[-1]
    assert (event.to_state, event.actor_label) == ("cancelled", "cron: orders expire")


def test_an_order_whose_only_parcel_was_not_accepted_is_cancelled(app, factories, client):
    product = factories.product(stock=10)
    order = factories.order((product, 4), payment_method="cod")
    db.session.commit()
    _age(order, 80)
    _expire(app)
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert (order.status, order.cancel_reason, order.payment_status) == ("cancelled", "not_accepted", "expired")
    assert _stock(product) == 10
    email = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "parcel_dropped")).one()
    assert "không xác nhận kiện hàng" in email.text and "đơn hàng đã bị hủy" in email.text
    page = client.get(f"/vi/orders/{order.number}?t={order.access_token}").text
    assert "Cơ sở không xác nhận kiện hàng này kịp thời" in page


@pytest.mark.config(COD_ACCEPT_HOURS=24)
def test_the_time_to_accept_is_a_setting(app, factories):
    product = factories.product(stock=10)
    order = factories.order((product, 1), payment_method="cod")
    db.session.commit()
    _age(order, 25)
    assert "released 1" in _expire(app)
    assert _stock(product) == 10
