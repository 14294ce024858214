"""The largest order the shop allows (highest price × highest quantity on several lines) is stored and paid exactly.

On PostgreSQL, 32-bit money columns overflowed at 2,147,483,647 đ (money_0001 made them BIGINT).
"""
from sqlalchemy import select

from ocop_shop.cart.services import MAX_QUANTITY
from ocop_shop.extensions import db
from ocop_shop.orders.models import Fulfilment, Order, OrderLine
from ocop_shop.payments import services as payments
from ocop_shop.payments.models import Payment
from ocop_shop.portal.product_forms import MAX_PRICE

from .test_checkout import add, details, place

LINES = 3


def test_the_largest_allowed_order_is_placed_and_paid_to_the_dong(client, factories):
    factories.shipping_rules()
    producers = [factories.producer(name=f"HTX lớn {i}") for i in range(LINES)]
    products = [factories.product(name=f"Sản phẩm giá cao {i}", producer=producers[i], price=MAX_PRICE,
                                  stock=MAX_QUANTITY, weight_grams=100) for i in range(LINES)]
    db.session.commit()
    for product in products:
        add(client, product, MAX_QUANTITY)
    details(client, payment_method="bank_transfer")
    response, _ = place(client)
    assert response.headers["Location"].startswith("/vi/orders/")
    order = db.session.scalars(select(Order)).one()
    line_total = MAX_PRICE * MAX_QUANTITY
    assert line_total == 19_800_000_000 > 2**31
    payments.confirm_transfer(order, order.total, "FT-LON-NHAT")
    db.session.commit()
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.subtotal == LINES * line_total
    assert order.total == order.subtotal - order.discount + order.shipping
    assert (order.payment_status, order.status) == ("paid", "placed")
    lines = db.session.scalars(select(OrderLine).where(OrderLine.order_id == order.id)).all()
    assert [(line.unit_price, line.quantity, line.line_total) for line in lines] == \
        [(MAX_PRICE, MAX_QUANTITY, line_total)] * LINES
    parcels = db.session.scalars(select(Fulfilment).where(Fulfilment.order_id == order.id)).all()
    assert sorted(p.goods_total for p in parcels) == [line_total] * LINES
    assert sum(p.amount_due for p in parcels) == order.total
    assert db.session.scalar(select(Payment.amount).where(Payment.order_id == order.id)) == order.total
    page = client.get(f"/vi/orders/{order.number}?t={order.access_token}").get_data(as_text=True)
    assert "59.400.000.000\u00a0₫" in page
