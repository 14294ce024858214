"""A webhook's event row and its effects are one transaction: a failed handling leaves no trace, the retry pays."""
import threading

import pytest
from sqlalchemy import func, select

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.orders.models import Order
from ocop_shop.payments import stripe_flow
from ocop_shop.payments.models import Payment, WebhookEvent

from .conftest import PG_URL
from .fake_stripe import FakeStripe, configure, event, post_event, stripe_app, stripe_server  # noqa: F401
from .test_payments_stripe import _paid_session, checkout_by_card


def _succeeded(order_id: int) -> int:
    return db.session.scalar(select(func.count(Payment.id)).where(
        Payment.order_id == order_id, Payment.status == "succeeded"))


def test_a_handler_that_fails_once_leaves_no_event_row_and_the_retry_pays_once(client, stripe_app, make_product,
                                                                              monkeypatch):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    _response, order = checkout_by_card(client, product, 2)
    real_receive, calls = stripe_flow.receive, []

    def fails_the_first_time(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the database went away halfway")
        return real_receive(*args, **kwargs)

    monkeypatch.setattr(stripe_flow, "receive", fails_the_first_time)
    body = event("checkout.session.completed", _paid_session(order))
    assert post_event(client, body).status_code == 500  # Stripe retries later
    db.session.expire_all()
    assert db.session.scalar(select(func.count(WebhookEvent.id))) == 0
    assert db.session.get(Order, order.id).payment_status == "pending"
    assert _succeeded(order.id) == 0
    retry = post_event(client, body)
    assert retry.status_code == 200 and retry.json["outcome"] == "paid"
    assert post_event(client, body).json["outcome"] == "duplicate"
    db.session.expire_all()
    assert db.session.get(Order, order.id).payment_status == "paid"
    assert _succeeded(order.id) == 1 and len(calls) == 2
    assert db.session.scalar(select(Product.stock).where(Product.id == product.id)) == 3
    assert db.session.scalar(select(func.count(WebhookEvent.id))) == 1


def _deliver(racers, body, barrier, results):
    client = racers.test_client()
    barrier.wait()
    response = post_event(client, body)
    results.append((response.status_code, response.json["outcome"]))


@pytest.mark.skipif(not PG_URL, reason="two deliveries at once need two connections writing (TEST_DATABASE_URL)")
def test_two_deliveries_of_one_event_at_once_pay_once(app, client, stripe_app, make_product, tmp_path):
    config = TestConfig(PG_URL, tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 4, "max_overflow": 0}
    racers = create_app(config)
    configure(racers, FakeStripe)
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    _response, order = checkout_by_card(client, product, 1)
    body = event("checkout.session.completed", _paid_session(order))
    barrier, results = threading.Barrier(2), []
    threads = [threading.Thread(target=_deliver, args=(racers, body, barrier, results)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == [(200, "duplicate"), (200, "paid")], results
    db.session.expire_all()
    assert _succeeded(order.id) == 1
    with racers.app_context():
        db.engine.dispose()
