"""Placing orders: snapshots, parcels, shipping, stock by conditional UPDATE; parcels; cancel; expiry."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders import fulfilment, numbers, shipping, stock
from ocop_shop.orders.models import Fulfilment, Order, OrderLine
from ocop_shop.orders.placing import Delivery, OutOfStock, place_order
from ocop_shop.orders.services import OrderError
from ocop_shop.payments import services as payments
from ocop_shop.payments.cli import expire_overdue
from ocop_shop.types import utcnow


DELIVERY = Delivery("Lê Minh", "+84912000111", "minh@test.example", 4, "Cao Bằng", 1279, "Phường Nùng Trí Cao",
                    "12 Hoàng Đình Giong")


@pytest.fixture(autouse=True)
def _rules(factories):
    factories.shipping_rules()


def _stock(product):
    db.session.expire_all()
    return stock.available(product.id)


def test_order_snapshots_lines_parcels_and_totals(factories, make_product, make_producer):
    coop, family = make_producer(name="HTX Hạt dẻ Trùng Khánh"), make_producer(name="Hộ Nông Văn Thắng")
    chestnut = make_product(name="Hạt dẻ Trùng Khánh", producer=coop, price=120_000, weight_grams=500, stock=10)
    honey = make_product(name="Mật ong bạc hà", producer=family, price=250_000, weight_grams=700, stock=5)
    order = factories.order((chestnut, 2), (honey, 1), payment_method="bank_transfer")
    assert numbers.is_valid(order.number)
    assert (order.subtotal, order.discount, order.shipping) == (490_000, 0, 40_000)  # two parcels ≤ 1 kg, Cao Bằng
    assert order.total == 530_000
    assert order.payment_status == "pending" and order.status == "placed"
    assert order.payment_due_at is not None and order.age_declared_at is None
    lines = db.session.scalars(select(OrderLine).order_by(OrderLine.id)).all()
    assert [(l.product_name, l.producer_name, l.base_unit_price, l.unit_discount, l.unit_price, l.quantity)
            for l in lines] == [("Hạt dẻ Trùng Khánh", coop.name, 120_000, 0, 120_000, 2),
                                ("Mật ong bạc hà", family.name, 250_000, 0, 250_000, 1)]
    parcels = db.session.scalars(select(Fulfilment).order_by(Fulfilment.id)).all()
    assert [(p.producer_id, p.goods_total, p.shipping_fee, p.weight_grams) for p in parcels] == [
        (coop.id, 240_000, 20_000, 1000), (family.id, 250_000, 20_000, 700)]
    assert _stock(chestnut) == 8 and _stock(honey) == 4
    chestnut.price = 1  # a later price change leaves the snapshot alone
    db.session.flush()
    assert db.session.get(OrderLine, lines[0].id).unit_price == 120_000


@pytest.mark.parametrize("province, weight, expected", [
    (4, 500, 20_000), (4, 2500, 25_000), (1, 500, 30_000), (79, 500, 40_000), (79, 7200, 70_000 + 3 * 12_000),
])
def test_shipping_by_zone_and_weight_band(make_product, factories, province, weight, expected):
    product = make_product(price=10_000, weight_grams=weight)
    order = factories.order((product, 1), province_code=province)
    assert order.shipping == expected


def test_shipping_is_free_above_the_zone_threshold(make_product, factories):
    product = make_product(price=600_000, weight_grams=800)
    assert factories.order((product, 1), province_code=4).shipping == 0  # Cao Bằng: free from 500,000 ₫
    assert factories.order((product, 1), province_code=1).shipping == 30_000  # north: from 800,000 ₫


def test_shipping_rules_are_data(make_product, factories):
    db.session.execute(shipping.ShippingRate.__table__.update().where(
        shipping.ShippingRate.zone_code == "local", shipping.ShippingRate.max_grams == 1000).values(fee=18_000))
    product = make_product(price=10_000, weight_grams=300)
    assert factories.order((product, 1)).shipping == 18_000


def test_conditional_update_never_oversells(make_product):
    product = make_product(stock=3)
    assert stock.take(product.id, 2)
    assert not stock.take(product.id, 2)
    assert stock.take(product.id, 1)
    assert not stock.take(product.id, 1)
    assert _stock(product) == 0


def test_take_all_is_all_or_nothing(make_product):
    a, b = make_product(stock=5), make_product(stock=1)
    assert stock.take_all({a.id: 2, b.id: 2}) == b.id
    assert (_stock(a), _stock(b)) == (5, 1)


def test_the_loser_of_the_last_unit_gets_a_clear_message(make_product, factories):
    product = make_product(name="Miến dong Nguyên Bình", stock=1)
    from ocop_shop.cart import services as carts

    late = carts.create_cart()
    carts.add_item(late, product.id, 1)
    factories.order((product, 1))
    with pytest.raises(OutOfStock, match="Miến dong Nguyên Bình"):
        place_order(late, DELIVERY, "bank_transfer", checkout_token="late-buyer", locale="vi", user_id=None,
                    age_declared=False)
    assert _stock(product) == 0


def test_cod_is_refused_for_liquor_even_when_forced(make_product, factories):
    liquor = make_product(name="Rượu ngô Cải Vân", category="ruou", abv=35, price=150_000)
    with pytest.raises(OrderError):
        factories.order((liquor, 1), payment_method="cod")
    assert _stock(liquor) == 10
    with pytest.raises(OrderError):
        factories.order((liquor, 1), payment_method="bank_transfer", age_declared=False)
    order = factories.order((liquor, 1), payment_method="bank_transfer")
    assert order.age_declared_at is not None
    assert db.session.scalar(select(OrderLine.is_alcoholic))


def _parcel(order):
    return db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))


def test_cod_parcel_goes_accepted_shipped_delivered_and_cash_closes_the_order(make_product, factories):
    product = make_product(price=100_000, weight_grams=500)
    order = factories.order((product, 1), payment_method="cod")
    parcel = _parcel(order)
    assert order.payment_status == "unpaid" and order.payment_due_at is None
    fulfilment.accept(parcel)
    assert order.status == "in_progress"
    fulfilment.ship(parcel, "Viettel Post", "VTP123456")
    assert order.status == "shipped"
    assert db.session.scalar(select(OutboxEmail.kind).where(OutboxEmail.kind == "order_shipped"))
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.record_cash_collected(parcel, 100_000)  # shipping is part of what the parcel costs
    fulfilment.deliver(parcel)
    assert order.status == "delivered"
    fulfilment.record_cash_collected(parcel, 120_000)
    assert order.payment_status == "paid" and order.status == "closed"
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.record_cash_collected(parcel, 120_000)


def test_prepaid_parcel_cannot_ship_before_payment(make_product, factories):
    order = factories.order((make_product(), 1), payment_method="bank_transfer")
    parcel = _parcel(order)
    fulfilment.accept(parcel)
    with pytest.raises(fulfilment.FulfilmentError, match="chưa được thanh toán"):
        fulfilment.ship(parcel, "VNPost", "EE123")
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.deliver(parcel)
    with pytest.raises(fulfilment.FulfilmentError):
        fulfilment.ship(parcel, "", "")


def test_cancel_before_shipping_returns_stock_and_paid_orders_get_a_refund_request(make_product, factories):
    from ocop_shop.payments.models import RefundRequest

    product = make_product(stock=5, price=100_000)
    order = factories.order((product, 2))
    payments.confirm_transfer(order, order.total, "FT2611290001")
    assert order.payment_status == "paid" and _stock(product) == 3
    refund = payments.cancel_order(order)
    assert refund == order.total and order.status == "cancelled"
    assert _stock(product) == 5
    assert db.session.scalar(select(RefundRequest.amount)) == order.total
    assert db.session.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.kind == "order_cancelled")) == 1
    with pytest.raises(OrderError):
        payments.cancel_order(order)


def test_a_shipped_order_cannot_be_cancelled(make_product, factories):
    order = factories.order((make_product(), 1), payment_method="cod")
    parcel = _parcel(order)
    fulfilment.accept(parcel)
    fulfilment.ship(parcel, "GHN", "GHN1")
    with pytest.raises(OrderError):
        payments.cancel_order(order)


def test_orders_expire_after_the_deadline_and_release_stock(app, make_product, factories):
    product = make_product(stock=4)
    late = factories.order((product, 3), payment_method="bank_transfer")
    fresh = factories.order((product, 1), payment_method="bank_transfer")
    late.payment_due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert _stock(product) == 0
    counts = expire_overdue()
    assert counts["expired"] == 1
    db.session.expire_all()
    late, fresh = db.session.get(Order, late.id), db.session.get(Order, fresh.id)
    assert (late.payment_status, late.status, late.cancel_reason) == ("expired", "cancelled", "payment_expired")
    assert fresh.payment_status == "pending"
    assert _stock(product) == 3
    assert expire_overdue()["expired"] == 0  # nothing twice


def test_a_late_transfer_reinstates_the_order_when_stock_is_there(make_product, factories):
    product = make_product(stock=2)
    order = factories.order((product, 2))
    payments.expire_order(order)
    assert _stock(product) == 2
    payments.confirm_transfer(order, order.total, "FT-LATE-1")
    assert (order.status, order.payment_status, order.flagged) == ("placed", "paid", True)
    assert _stock(product) == 0


def test_a_late_transfer_without_stock_is_flagged_for_refund(make_product, factories):
    from ocop_shop.payments.models import RefundRequest

    product = make_product(stock=2)
    order = factories.order((product, 2))
    payments.expire_order(order)
    factories.order((product, 2))  # someone else bought them
    payments.confirm_transfer(order, order.total, "FT-LATE-2")
    assert (order.status, order.payment_status, order.flagged) == ("cancelled", "paid", True)
    assert db.session.scalar(select(RefundRequest.reason)) == "late_payment"
    assert _stock(product) == 0


def test_each_producer_of_an_order_is_notified_of_its_new_parcel(factories, make_product, make_producer):
    from ocop_shop.producers.models import Notification

    coop, family = make_producer(), make_producer()
    order = factories.order((make_product(producer=coop), 1), (make_product(producer=family), 1),
                            payment_method="bank_transfer")
    notes = db.session.scalars(select(Notification).where(Notification.kind == "order_new")).all()
    assert sorted(n.producer_id for n in notes) == sorted([coop.id, family.id])
    assert all(n.params == {"number": order.number} for n in notes)
