"""20 buyers of a code capped at 5, placing at the same moment (real threads, each with its own connection):
exactly 5 orders carry the discount, `used` is 5, and the 15 others see the review again at the full price."""
import threading

import pytest
from sqlalchemy import delete, func, select, update

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.cart import services as carts
from ocop_shop.extensions import db
from ocop_shop.orders.models import Order
from ocop_shop.orders.placing import Delivery, PriceChanged, place_order
from ocop_shop.orders.summary import summarize
from ocop_shop.promotions.coupons import Customer
from ocop_shop.promotions.models import Coupon, CouponRedemption

from .conftest import PG_URL

BUYERS, CAP, ROUNDS = 20, 5, 3

pytestmark = pytest.mark.skipif(
    not PG_URL, reason="SQLite lets one writer in at a time, so concurrent buyers are meaningful only on "
                       "PostgreSQL (TEST_DATABASE_URL); the caps themselves are tested on SQLite in test_coupons.py")


def delivery(n: int) -> Delivery:
    return Delivery(f"Người mua {n}", f"+8491234{n:04d}", f"buyer{n}@test.example", 4, "Cao Bằng", 1279,
                    "Phường Nùng Trí Cao", "5 Vườn Cam")


def prices_seen(cart, n: int) -> str:
    """The fingerprint the buyer's review page showed (the code still applied then)."""
    priced = carts.priced(cart, customer=Customer.of(delivery(n).phone))
    assert priced.coupon.applies
    return summarize(priced.lines, 4).fingerprint


def _buy(app, cart_id: int, n: int, seen: str, barrier: threading.Barrier, results: dict) -> None:
    with app.app_context():
        cart = db.session.get(carts.Cart, cart_id)
        barrier.wait()
        try:
            place_order(cart, delivery(n), "bank_transfer", checkout_token=f"buyer-{cart_id}", locale="vi",
                        user_id=None, age_declared=False, prices_seen=seen)
            db.session.commit()
            results[n] = "placed"
        except PriceChanged:
            db.session.rollback()
            results[n] = "price changed"
        finally:
            db.session.remove()


def test_twenty_buyers_of_a_code_capped_at_five(app, factories, tmp_path):
    factories.shipping_rules()
    products = [factories.product(name=f"Hạt dẻ Trùng Khánh {n}", price=100_000, stock=100) for n in range(BUYERS)]
    factories.campaign(*products, percent=20, coupon={"code": "TET2027", "total_cap": CAP})
    db.session.commit()
    config = TestConfig(PG_URL, tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": BUYERS + 2, "max_overflow": 0}
    buyers_app = create_app(config)
    for round_ in range(ROUNDS):
        db.session.execute(delete(CouponRedemption))
        db.session.execute(update(Coupon).values(used=0))
        before = db.session.scalar(select(func.coalesce(func.max(Order.id), 0)))
        carts_of = {}
        for n, product in enumerate(products):
            cart = carts.create_cart()
            carts.add_item(cart, product.id, 1)
            carts.set_coupon(cart, "tet2027")
            carts_of[n] = cart
        db.session.commit()
        seen = {n: prices_seen(cart, n) for n, cart in carts_of.items()}
        barrier, results = threading.Barrier(BUYERS), {}
        threads = [threading.Thread(target=_buy, args=(buyers_app, cart.id, n, seen[n], barrier, results))
                   for n, cart in carts_of.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        db.session.expire_all()
        assert list(results.values()).count("placed") == CAP, (round_, results)
        assert list(results.values()).count("price changed") == BUYERS - CAP
        assert db.session.scalar(select(Coupon.used)) == CAP
        assert db.session.scalar(select(func.count()).select_from(CouponRedemption)) == CAP
        # The others see the review again without the code's discount and can place at the full price.
        for n in (n for n, result in results.items() if result == "price changed"):
            order = place_order(carts_of[n], delivery(n), "bank_transfer", checkout_token=f"again-{round_}-{n}",
                                locale="vi", user_id=None, age_declared=False,
                                prices_seen=prices_after(carts_of[n], n))
            assert order.discount == 0
        db.session.commit()
        discounts = db.session.scalars(select(Order.discount).where(Order.id > before)).all()
        assert len(discounts) == BUYERS and sorted(discounts) == [0] * (BUYERS - CAP) + [20_000] * CAP
        assert db.session.scalar(select(Coupon.used)) == CAP
    with buyers_app.app_context():
        db.engine.dispose()


def prices_after(cart, n: int) -> str:
    """The review page after the code ran out: the code is refused and the price is the full one."""
    priced = carts.priced(cart, customer=Customer.of(delivery(n).phone))
    assert priced.coupon.refusal == "used_up"
    return summarize(priced.lines, 4).fingerprint
