"""Stripe Checkout against a fake Stripe HTTP server on loopback; webhooks signed locally with the test secret."""
import json
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders.models import Order
from ocop_shop.orders.summary import Summary
from ocop_shop.payments import providers
from ocop_shop.payments.cli import expire_overdue
from ocop_shop.payments.models import Payment, RefundRequest, WebhookEvent
from ocop_shop.types import utcnow

from .conftest import csrf_from
from .fake_stripe import FakeStripe, event, post_event, stripe_app, stripe_server  # noqa: F401 (fixtures)
from .test_checkout import add, details, place


def checkout_by_card(client, product, quantity=2):
    add(client, product, quantity)
    details(client, payment_method="stripe")
    response, _ = place(client)
    return response, db.session.scalars(select(Order)).one()


def test_session_is_created_with_the_lines_amounts_and_idempotency_key_the_library_sent(
        client, stripe_app, make_product):
    product = make_product(name="Mật ong bạc hà", price=250_000, stock=5, weight_grams=700)
    db.session.commit()
    response, order = checkout_by_card(client, product, 1)
    assert response.status_code == 303 and response.headers["Location"] == "https://checkout.stripe.test/cs_test_1"
    sent = FakeStripe.requests[0]
    form = sent["form"]
    assert sent["idempotency_key"] == f"order-{order.id}-attempt-1"
    assert sent["auth"] == "Bearer sk_test_local"
    assert form["line_items[0][price_data][currency]"] == "vnd"
    assert (form["line_items[0][price_data][unit_amount]"], form["line_items[0][quantity]"]) == ("250000", "1")
    assert form["line_items[0][price_data][product_data][name]"] == "Mật ong bạc hà"
    assert (form["line_items[1][price_data][unit_amount]"], form["line_items[1][quantity]"]) == ("20000", "1")
    assert FakeStripe.sessions["cs_test_1"]["amount_total"] == order.total == 270_000
    assert int(form["expires_at"]) <= order.payment_due_at.timestamp()
    assert form["client_reference_id"] == order.number
    db.session.expire_all()
    assert order.payment_status == "pending"  # the redirect alone never marks anything paid
    page = client.get(f"/vi/orders/{order.number}?t={order.access_token}").get_data(as_text=True)
    retry = client.post(f"/vi/checkout/pay/{order.number}",
                        data={"csrf_token": csrf_from(page), "t": order.access_token})
    assert retry.status_code == 303
    assert FakeStripe.requests[-1]["idempotency_key"] == f"order-{order.id}-attempt-2"


def test_stripe_is_offered_only_with_keys_and_within_the_vnd_limit(app):
    summary = Summary(parcels=[], subtotal=100_000_000, discount=0, shipping=0, has_liquor=False, cod_allowed=True)
    config = {"STRIPE_SECRET_KEY": "sk", "STRIPE_WEBHOOK_SECRET": "wh", "PAYMENT_DEADLINE_HOURS": 48}
    assert "stripe" not in [p.code for p in providers.available_methods(summary, config)]
    summary.subtotal = 99_999_999
    assert "stripe" in [p.code for p in providers.available_methods(summary, config)]
    assert "stripe" not in [p.code for p in providers.available_methods(summary, {**config, "STRIPE_SECRET_KEY": None})]


def _paid_session(order, session_id="cs_test_1"):
    return {"id": session_id, "object": "checkout.session", "payment_status": "paid", "status": "complete",
            "amount_total": order.total, "currency": "vnd", "payment_intent": "pi_test_1",
            "metadata": {"order_id": str(order.id)}}


def _counts(product):
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(Payment).where(Payment.status == "succeeded")),
            db.session.scalar(select(Product.stock).where(Product.id == product.id)),
            db.session.scalar(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.kind == "order_paid")))


def test_signed_completed_webhook_pays_once_even_when_replayed_100_times(client, stripe_app, make_product):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    _response, order = checkout_by_card(client, product)
    body = event("checkout.session.completed", _paid_session(order))
    for _ in range(100):
        assert post_event(client, body).status_code == 200
    assert _counts(product) == (1, 3, 1)
    assert db.session.get(Order, order.id).payment_status == "paid"
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 1


def test_a_late_payment_after_expiry_takes_the_stock_again_once(client, stripe_app, make_product):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    _response, order = checkout_by_card(client, product)
    post_event(client, event("checkout.session.expired", {"id": "cs_test_1", "status": "expired"}))
    db.session.expire_all()
    assert db.session.get(Order, order.id).status == "cancelled" and _counts(product)[1] == 5
    body = event("checkout.session.async_payment_succeeded", _paid_session(order), "evt_late")
    for _ in range(100):
        post_event(client, body)
    assert _counts(product) == (1, 3, 1)
    order = db.session.get(Order, order.id)
    assert (order.status, order.payment_status, order.flagged) == ("placed", "paid", True)


def test_a_late_payment_without_stock_is_flagged_for_refund(client, stripe_app, make_product, factories):
    product = make_product(price=100_000, stock=2)
    db.session.commit()
    _response, order = checkout_by_card(client, product)
    post_event(client, event("checkout.session.expired", {"id": "cs_test_1"}))
    factories.order((product, 2))
    db.session.commit()
    post_event(client, event("checkout.session.completed", _paid_session(order)))
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert (order.status, order.payment_status, order.flagged) == ("cancelled", "paid", True)
    assert db.session.scalar(select(RefundRequest.reason)) == "late_payment"


@pytest.mark.parametrize("header", ["", "t=1,v1=deadbeef", "garbage"])
def test_bad_signatures_get_400_and_change_nothing(client, stripe_app, header):
    payload = json.dumps(event("checkout.session.completed", {"id": "cs_x"}))
    response = client.post("/webhooks/stripe", data=payload, content_type="application/json",
                           headers={"Stripe-Signature": header} if header else {})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(WebhookEvent)) == 0


def test_a_stale_or_wrongly_keyed_signature_gets_400(client, stripe_app):
    body = event("checkout.session.completed", {"id": "cs_x"})
    assert post_event(client, body, timestamp=int(time.time()) - 3600).status_code == 400
    assert post_event(client, body, secret="whsec_other").status_code == 400


def test_refunds_update_the_payment_status(client, stripe_app, make_product):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    _response, order = checkout_by_card(client, product, 1)
    post_event(client, event("checkout.session.completed", _paid_session(order)))
    charge = {"id": "ch_1", "object": "charge", "payment_intent": "pi_test_1", "amount": order.total}
    post_event(client, event("charge.refunded", {**charge, "amount_refunded": 50_000}, "evt_r1"))
    db.session.expire_all()
    assert db.session.get(Order, order.id).payment_status == "partially_refunded"
    post_event(client, event("charge.refunded", {**charge, "amount_refunded": order.total}, "evt_r2"))
    db.session.expire_all()
    assert db.session.get(Order, order.id).payment_status == "refunded"


def test_a_wrong_amount_is_flagged_not_paid(client, stripe_app, make_product):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    _response, order = checkout_by_card(client, product, 1)
    post_event(client, event("checkout.session.completed", {**_paid_session(order), "amount_total": 1}))
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    assert order.payment_status == "pending" and order.flagged


@pytest.mark.parametrize("paid_at_stripe", [True, False])
def test_orders_expire_asks_stripe_first(client, stripe_app, make_product, paid_at_stripe):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    _response, order = checkout_by_card(client, product, 1)
    if paid_at_stripe:
        FakeStripe.sessions["cs_test_1"].update(payment_status="paid", status="complete", payment_intent="pi_9")
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    order.payment_due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expire_overdue()
    db.session.expire_all()
    order = db.session.get(Order, order.id)
    if paid_at_stripe:
        assert order.payment_status == "paid" and order.status == "placed"
    else:
        assert order.payment_status == "expired" and order.status == "cancelled"
        assert FakeStripe.sessions["cs_test_1"]["status"] == "expired"
        assert _counts(product)[1] == 5
