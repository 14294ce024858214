"""Cash-on-delivery orders of one phone number sent at the same instant: the open-orders limit holds
(real threads, each with its own connection, on PostgreSQL)."""
import threading

import pytest
from sqlalchemy import func, select

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.cart import services as carts
from ocop_shop.extensions import db
from ocop_shop.orders.cod import CodLimit
from ocop_shop.orders.models import Order
from ocop_shop.orders.placing import place_order
from ocop_shop.orders.summary import summarize

from .conftest import PG_URL
from .test_coupon_concurrency import delivery

BUYERS, LIMIT = 6, 2

pytestmark = pytest.mark.skipif(not PG_URL, reason="concurrent writers are meaningful on PostgreSQL only "
                                                   "(TEST_DATABASE_URL); the limit itself is tested in test_cod_limits.py")


def _buy(app, cart_id: int, seen: str, barrier: threading.Barrier, results: list) -> None:
    with app.app_context():
        cart = db.session.get(carts.Cart, cart_id)
        barrier.wait()
        try:
            place_order(cart, delivery(1), "cod", checkout_token=f"cod-{cart_id}", locale="vi", user_id=None,
                        age_declared=False, prices_seen=seen)
            db.session.commit()
            results.append("placed")
        except CodLimit:
            db.session.rollback()
            results.append("refused")
        finally:
            db.session.remove()


def test_one_phone_cannot_pass_the_open_orders_limit_by_sending_at_once(app, factories, tmp_path):
    factories.shipping_rules()
    product = factories.product(price=50_000, stock=100)
    cart_ids, seen = [], {}
    for _ in range(BUYERS):
        cart = carts.create_cart()
        carts.add_item(cart, product.id, 1)
        db.session.flush()
        cart_ids.append(cart.id)
        seen[cart.id] = summarize(carts.priced(cart).lines, 4).fingerprint
    db.session.commit()
    config = TestConfig(PG_URL, tmp_path)
    config.COD_MAX_OPEN_ORDERS_PER_PHONE = LIMIT
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": BUYERS + 2, "max_overflow": 0}
    buyers_app = create_app(config)
    barrier, results = threading.Barrier(BUYERS), []
    threads = [threading.Thread(target=_buy, args=(buyers_app, cart_id, seen[cart_id], barrier, results))
               for cart_id in cart_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["placed"] * LIMIT + ["refused"] * (BUYERS - LIMIT)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Order.id)).where(Order.phone == delivery(1).phone)) == LIMIT
