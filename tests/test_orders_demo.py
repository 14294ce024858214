"""seed-demo also makes orders in every state for both demo producers, once."""
from sqlalchemy import func, select

from ocop_shop.extensions import db
from ocop_shop.orders.models import Fulfilment, Order
from ocop_shop.payments.demo import seed_demo_orders
from ocop_shop.producers.models import Producer
from ocop_shop.seed import seed_demo


def test_demo_orders_cover_every_state_for_both_producers_and_are_idempotent(app):
    seed_demo()
    added = seed_demo_orders()
    db.session.commit()
    assert added >= 15
    rows = db.session.execute(select(Producer.slug, Order.status, Order.payment_status, Fulfilment.status)
                              .join(Fulfilment, Fulfilment.producer_id == Producer.id)
                              .join(Order, Order.id == Fulfilment.order_id)).all()
    for slug in ("co-so-ruou-ngo-cai-van", "htx-tam-hoa"):
        mine = [r for r in rows if r.slug == slug]
        assert {r.status for r in mine} >= {"placed", "in_progress", "shipped", "closed", "cancelled"}
        assert {r.payment_status for r in mine} >= {"pending", "paid", "expired"}
        assert {r[3] for r in mine} >= {"pending", "accepted", "shipped", "delivered", "cancelled"}
    liquor_cod = db.session.scalar(select(func.count()).select_from(Order).join(Fulfilment).join(Producer).where(
        Producer.slug == "co-so-ruou-ngo-cai-van", Order.payment_method == "cod"))
    assert liquor_cod == 0
    count = db.session.scalar(select(func.count()).select_from(Order))
    assert seed_demo_orders() == 0
    assert db.session.scalar(select(func.count()).select_from(Order)) == count
