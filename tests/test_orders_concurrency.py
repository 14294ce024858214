"""20 buyers of the last 3 units at once (real threads, each with its own connection): exactly 3 orders."""
import threading

import pytest
from sqlalchemy import func, select

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.cart import services as carts
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.orders.models import Order
from ocop_shop.orders.placing import Delivery, OutOfStock, place_order

from .conftest import PG_URL

BUYERS, UNITS, ROUNDS = 20, 3, 20
DELIVERY = Delivery("Hoàng Thị Mai", "+84912345678", "mai@test.example", 4, "Cao Bằng", 1279,
                    "Phường Nùng Trí Cao", "5 Vườn Cam")

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="SQLite lets one writer in at a time, so concurrent buyers are meaningful only on "
                       "PostgreSQL (TEST_DATABASE_URL); the conditional UPDATE itself is tested on SQLite too")


def _buy(app, cart_id: int, barrier: threading.Barrier, results: list) -> None:
    with app.app_context():
        cart = db.session.get(carts.Cart, cart_id)
        barrier.wait()
        try:
            place_order(cart, DELIVERY, "bank_transfer", checkout_token=f"buyer-{cart_id}", locale="vi",
                        user_id=None, age_declared=False)
            db.session.commit()
            results.append("ok")
        except OutOfStock:
            db.session.rollback()
            results.append("sold out")
        finally:
            db.session.remove()


def test_twenty_buyers_of_the_last_three_units(app, factories, tmp_path):
    factories.shipping_rules()
    product = factories.product(name="Hạt dẻ Trùng Khánh", stock=UNITS)
    db.session.commit()
    config = TestConfig(PG_URL, tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": BUYERS + 2, "max_overflow": 0}
    buyers_app = create_app(config)
    for round_ in range(ROUNDS):
        db.session.execute(Product.__table__.update().where(Product.id == product.id).values(stock=UNITS))
        db.session.expire_all()
        cart_ids = []
        for _ in range(BUYERS):
            cart = carts.create_cart()
            carts.add_item(cart, product.id, 1)
            cart_ids.append(cart.id)
        db.session.commit()
        barrier, results = threading.Barrier(BUYERS), []
        threads = [threading.Thread(target=_buy, args=(buyers_app, cid, barrier, results)) for cid in cart_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        db.session.expire_all()
        assert sorted(results).count("ok") == UNITS, (round_, results)
        assert results.count("sold out") == BUYERS - UNITS
        assert db.session.scalar(select(Product.stock).where(Product.id == product.id)) == 0
        assert db.session.scalar(select(func.count()).select_from(Order)) == UNITS * (round_ + 1)
    with buyers_app.app_context():
        db.engine.dispose()
