"""The Stripe webhook against `flask orders expire`, and two overlapping expiry runs: one winner, stock back once.

The interleavings are forced: a wrapper runs the other side (in its own app context, so its own
database connection and transaction) between the moment one side has read the order and the
moment it writes. The threaded tests at the end race them for real on PostgreSQL.
"""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders.events import OrderEvent
from ocop_shop.orders.models import Order
from ocop_shop.payments import services, stripe_flow
from ocop_shop.payments.cli import expire_overdue
from ocop_shop.payments.models import Payment, RefundRequest
from ocop_shop.types import utcnow

from .conftest import PG_URL
from .fake_stripe import FakeStripe, configure, event, post_event, stripe_app, stripe_server  # noqa: F401
from .test_checkout import add, details, place
from .test_payments_stripe import _paid_session

START, BOUGHT = 5, 2
PG_ONLY = pytest.mark.skipif(not PG_URL, reason="needs two connections writing at once (TEST_DATABASE_URL): "
                                                "SQLite lets one writer in at a time")


def _overdue(order_id: int) -> None:
    db.session.execute(Order.__table__.update().where(Order.id == order_id)
                       .values(payment_due_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()


def _card_order(client, make_product):
    product = make_product(price=100_000, stock=START)
    db.session.commit()
    add(client, product, BOUGHT)
    details(client, payment_method="stripe")
    place(client)
    order = db.session.scalars(select(Order).order_by(Order.id.desc())).first()
    _overdue(order.id)
    return product, order


def _stock(product) -> int:
    db.session.expire_all()
    return db.session.scalar(select(Product.stock).where(Product.id == product.id))


def _cancelled_events(order_id: int) -> int:
    return db.session.scalar(select(func.count(OrderEvent.id)).where(
        OrderEvent.order_id == order_id, OrderEvent.subject == "order", OrderEvent.to_state == "cancelled"))


def assert_one_winner(order_id: int, product) -> None:
    """Either the order is paid and keeps its units, or it is cancelled with them back (and a paid one is refunded)."""
    stock = _stock(product)
    order = db.session.get(Order, order_id)
    refunds = db.session.scalar(select(func.count(RefundRequest.id)).where(RefundRequest.order_id == order_id))
    if order.status == "cancelled":
        assert stock == START, (order, stock)
        assert refunds == (1 if order.payment_status == "paid" else 0), (order, refunds)
    else:
        assert (order.payment_status, stock, refunds) == ("paid", START - BOUGHT, 0), (order, stock, refunds)
    assert db.session.scalar(select(func.count(Payment.id)).where(
        Payment.order_id == order_id, Payment.status == "succeeded")) <= 1


def test_the_webhook_paying_while_the_expiry_run_holds_the_order_wins(app, client, stripe_app, make_product,
                                                                       monkeypatch):
    """The run listed the order as overdue; the buyer's payment lands before it cancels: the order stays paid."""
    product, order = _card_order(client, make_product)
    listed = services.overdue_orders

    def pay_after_listing(at=None):
        found = listed(at)
        FakeStripe.sessions["cs_test_1"].update(payment_status="paid", status="complete", payment_intent="pi_1")
        assert post_event(client, event("checkout.session.completed", _paid_session(order))).status_code == 200
        return found

    monkeypatch.setattr(services, "overdue_orders", pay_after_listing)
    assert expire_overdue() == {"expired": 0, "paid": 0, "skipped": 1}
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert (order.status, order.payment_status) == ("placed", "paid")
    assert _cancelled_events(order.id) == 0
    assert_one_winner(order.id, product)


@PG_ONLY
def test_the_expiry_run_between_the_webhook_reading_and_paying_is_seen(app, client, stripe_app, make_product,
                                                                        monkeypatch):
    """The webhook read the order unpaid; the run cancels it and commits; the webhook then pays a cancelled order.

    (On SQLite this interleaving cannot happen: the webhook holds the write lock from its event row on.)
    """
    product, order = _card_order(client, make_product)
    found_payment = stripe_flow._payment_for_session

    def expire_after_reading(session):
        found = found_payment(session)
        with app.app_context():  # the cron's own connection
            assert expire_overdue()["expired"] == 1
        return found

    monkeypatch.setattr(stripe_flow, "_payment_for_session", expire_after_reading)
    assert post_event(client, event("checkout.session.completed", _paid_session(order))).status_code == 200
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    # The cancel came first; the payment then reinstated the order and took the stock again.
    assert (order.status, order.payment_status, order.flagged) == ("placed", "paid", True)
    assert _cancelled_events(order.id) == 1
    assert_one_winner(order.id, product)


def test_a_second_expiry_run_does_not_cancel_an_order_the_first_found_paid(app, client, stripe_app,
                                                                           make_product, monkeypatch):
    """Both runs list the order; the first asks Stripe, finds it paid and commits; the second must not cancel it."""
    product, order = _card_order(client, make_product)
    FakeStripe.sessions["cs_test_1"].update(payment_status="paid", status="complete", payment_intent="pi_1")
    listed = services.overdue_orders

    def other_run_after_listing(at=None):
        found = listed(at)
        monkeypatch.setattr(services, "overdue_orders", listed)
        with app.app_context():
            assert expire_overdue()["paid"] == 1
        return found

    monkeypatch.setattr(services, "overdue_orders", other_run_after_listing)
    assert expire_overdue() == {"expired": 0, "paid": 0, "skipped": 1}  # paid meanwhile: refused
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert (order.status, order.payment_status) == ("placed", "paid")
    assert db.session.scalar(select(func.count(OutboxEmail.id)).where(OutboxEmail.kind == "order_paid")) == 1
    assert db.session.scalar(select(func.count(OrderEvent.id)).where(
        OrderEvent.order_id == order.id, OrderEvent.subject == "payment_status", OrderEvent.to_state == "paid")) == 1
    assert_one_winner(order.id, product)


def test_two_overlapping_expiry_runs_release_each_orders_stock_once(app, factories, monkeypatch):
    product = factories.product(stock=100)
    orders = [factories.order((product, 3), payment_method="bank_transfer") for _ in range(3)]
    db.session.commit()
    for order in orders:
        _overdue(order.id)
    listed = services.overdue_orders

    def other_run_after_listing(at=None):
        found = listed(at)
        monkeypatch.setattr(services, "overdue_orders", listed)
        with app.app_context():
            assert expire_overdue()["expired"] == 3
        return found

    monkeypatch.setattr(services, "overdue_orders", other_run_after_listing)
    assert expire_overdue() == {"expired": 0, "paid": 0, "skipped": 3}
    db.session.expire_all()
    assert db.session.scalar(select(Product.stock).where(Product.id == product.id)) == 100
    for order in orders:
        assert _cancelled_events(order.id) == 1
        assert db.session.get(Order, order.id).payment_status == "expired"
    assert db.session.scalar(select(func.count(OutboxEmail.id)).where(OutboxEmail.kind == "order_cancelled")) == 3


# -- real threads on PostgreSQL --------------------------------------------------------------------------------

def _racers(tmp_path, fake=None):
    config = TestConfig(PG_URL, tmp_path)
    config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 4, "max_overflow": 0}
    racers = create_app(config)
    if fake is not None:
        configure(racers, fake)
    return racers


def _run(target, *args) -> threading.Thread:
    thread = threading.Thread(target=target, args=args)
    thread.start()
    return thread


def _expire_run(racers, barrier: threading.Barrier, results: list) -> None:
    with racers.app_context():
        try:
            barrier.wait()
            results.append(expire_overdue())
        except Exception as error:  # a deadlock would surface here
            results.append(repr(error))
        finally:
            db.session.remove()


def _webhook(racers, body: dict, barrier: threading.Barrier, results: list) -> None:
    client = racers.test_client()
    barrier.wait()
    results.append(post_event(client, body).status_code)


@PG_ONLY
def test_two_expiry_runs_at_once_release_stock_once(app, factories, tmp_path):
    product = factories.product(stock=1_000)
    db.session.commit()
    racers = _racers(tmp_path)
    for round_ in range(8):
        orders = [factories.order((product, 3), payment_method="bank_transfer") for _ in range(4)]
        db.session.commit()
        for order in orders:
            _overdue(order.id)
        before = _stock(product)
        barrier, results = threading.Barrier(2), []
        for thread in [_run(_expire_run, racers, barrier, results) for _ in range(2)]:
            thread.join(timeout=60)
        assert sum(r["expired"] for r in results) == 4 and sum(r["skipped"] for r in results) <= 4, results
        assert _stock(product) == before + 12, (round_, results)
        for order in orders:
            assert _cancelled_events(order.id) == 1
    with racers.app_context():
        db.engine.dispose()


@PG_ONLY
def test_the_webhook_and_the_expiry_run_at_once_leave_one_winner(app, client, stripe_app, make_product, tmp_path):
    racers = _racers(tmp_path, FakeStripe)
    for round_ in range(8):
        product, order = _card_order(client, make_product)
        session_id = db.session.scalar(select(Payment.reference).where(Payment.order_id == order.id))
        body = event("checkout.session.completed", _paid_session(order, session_id), f"evt_{round_}")
        barrier, results = threading.Barrier(2), []
        threads = [_run(_expire_run, racers, barrier, results), _run(_webhook, racers, body, barrier, results)]
        for thread in threads:
            thread.join(timeout=60)
        assert 200 in results, (round_, results)
        assert_one_winner(order.id, product)
        assert _cancelled_events(order.id) <= 1
    with racers.app_context():
        db.engine.dispose()
