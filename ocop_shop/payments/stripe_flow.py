"""Stripe Checkout: one session per attempt, paid only through signed webhooks, each event once."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..orders import services as orders
from ..orders.models import Order
from ..types import utcnow
from . import stripe_gateway as gateway
from . import stripe_refunds
from .models import Payment, WebhookEvent
from .services import (PaymentError, _next_attempt, expire_order, new_payment, receive,
                       set_payment_row)

# Stripe accepts a session expiry between 30 minutes and 24 hours from its creation.
SESSION_MIN = timedelta(minutes=31)
SESSION_MAX = timedelta(hours=23, minutes=55)


def line_items(order: Order) -> list[dict]:
    """One line per order line at its final unit price, plus shipping: they add up to the total."""
    items = [{"name": line.product_name, "unit_amount": line.unit_price, "quantity": line.quantity}
             for line in orders.lines_of(order)]
    if order.shipping:
        items.append({"name": str(_l("Shipping")), "unit_amount": order.shipping, "quantity": 1})
    return items


def begin(order: Order, config: Mapping, *, success_url: str, cancel_url: str,
          at: datetime | None = None) -> Payment:
    """Open a Checkout session (attempt n, idempotency key order-<id>-attempt-<n>) for an unpaid order."""
    at = at or utcnow()
    if order.payment_method != "stripe" or order.payment_status not in ("unpaid", "pending") or order.is_cancelled:
        raise PaymentError(_l("This order cannot be paid by card now."))
    expires_at = min(order.payment_due_at or at + SESSION_MAX, at + SESSION_MAX)
    if expires_at < at + SESSION_MIN:
        raise PaymentError(_l("The time to pay this order has almost run out, so a card payment can no longer be started."))
    attempt = _next_attempt(order, "stripe")
    info = gateway.create_session(
        config, line_items=line_items(order), order_number=order.number, order_id=order.id, email=order.email,
        locale=order.locale, success_url=success_url, cancel_url=cancel_url, expires_at=expires_at,
        idempotency_key=f"order-{order.id}-attempt-{attempt}")
    payment = new_payment(order, "stripe", "open", at, attempt=attempt, amount=order.total, reference=info.id,
                          checkout_url=info.url, expires_at=expires_at)
    if order.payment_status == "unpaid":
        orders.set_payment_status(order, "pending", at)
    db.session.flush()
    return payment


class DuplicateEvent(Exception):
    """The event is being handled by another delivery right now; the caller rolls back and answers 200."""


def handle_event(event: dict, at: datetime | None = None) -> str:
    """Process a verified event once (a unique row per event id); returns what was done.

    The event's row and its effects are one transaction (no savepoint: pysqlite would commit a
    first SAVEPOINT's row on its own), so a handler that fails leaves no row and Stripe's retry
    is handled afresh. Raises DuplicateEvent when a concurrent delivery inserted the row first.
    """
    event_id, kind = event.get("id"), event.get("type")
    obj = (event.get("data") or {}).get("object") or {}
    if not event_id or not kind:
        return "malformed"
    event_id = str(event_id)[:255]
    if db.session.scalar(select(WebhookEvent.id).where(WebhookEvent.provider == "stripe",
                                                       WebhookEvent.event_id == event_id)):
        return "duplicate"
    db.session.add(WebhookEvent(provider="stripe", event_id=event_id, type=str(kind)[:100]))
    try:
        db.session.flush()
    except IntegrityError as error:
        raise DuplicateEvent(event_id) from error
    handler = HANDLERS.get(kind)
    return handler(obj, at or utcnow()) if handler else "ignored"


def _payment_for_session(session: dict) -> tuple[Order | None, Payment | None]:
    payment = db.session.scalar(select(Payment).where(Payment.provider == "stripe", Payment.reference == session.get("id")))
    if payment is not None:
        return db.session.get(Order, payment.order_id), payment
    order_id = (session.get("metadata") or {}).get("order_id")
    order = db.session.get(Order, int(order_id)) if str(order_id or "").isdigit() else None
    if order is None or order.payment_method != "stripe":
        return None, None
    # A session whose id we never stored (our commit failed after Stripe answered).
    return order, new_payment(order, "stripe", "open", amount=order.total, reference=session.get("id"))


def _paid(session: dict, at: datetime) -> str:
    order, payment = _payment_for_session(session)
    if order is None:
        return "unknown session"
    orders.lock(order)
    db.session.refresh(payment, with_for_update=True)  # another run or delivery may have just recorded it
    if payment.status == "succeeded":
        return "already paid"
    payment.payment_intent = session.get("payment_intent") if isinstance(session.get("payment_intent"), str) else None
    if session.get("amount_total") != order.total or str(session.get("currency", "vnd")).lower() != "vnd":
        payment.amount = int(session.get("amount_total") or 0)
        set_payment_row(payment, "flagged", at)
        orders.flag(order, f"Stripe session {payment.reference}: amount {payment.amount}, expected {order.total}.")
        return "flagged"
    return receive(order, payment, at)


def _completed(session: dict, at: datetime) -> str:
    if session.get("payment_status") != "paid":
        return "waiting for an asynchronous payment"
    return _paid(session, at)


def _async_failed(session: dict, at: datetime) -> str:
    order, payment = _payment_for_session(session)
    if payment is not None and payment.status == "open":
        set_payment_row(payment, "failed", at)
    return "failed"


def _expired(session: dict, at: datetime) -> str:
    order, payment = _payment_for_session(session)
    if order is None:
        return "unknown session"
    if payment.status == "open":
        set_payment_row(payment, "expired", at)
    db.session.flush()
    others_open = db.session.scalar(select(Payment.id).where(
        Payment.order_id == order.id, Payment.provider == "stripe", Payment.status == "open"))
    if order.payment_status in ("unpaid", "pending") and not order.is_cancelled and others_open is None:
        try:
            expire_order(order, at)
        except orders.OrderError:  # paid, cancelled or shipped meanwhile: its claim changed nothing
            return "session expired"
        return "order expired"
    return "session expired"


HANDLERS = {
    "checkout.session.completed": _completed,
    "checkout.session.async_payment_succeeded": _paid,
    "checkout.session.async_payment_failed": _async_failed,
    "checkout.session.expired": _expired,
    "charge.refunded": stripe_refunds.charge_refunded,
    "refund.created": stripe_refunds.refund_event,
    "refund.updated": stripe_refunds.refund_event,
    "refund.failed": stripe_refunds.refund_event,
    "charge.refund.updated": stripe_refunds.refund_event,  # the older name of refund.updated
}


def settle_before_expiry(order: Order, config: Mapping, at: datetime | None = None) -> str:
    """Before expiring a card order, ask Stripe: a paid session pays it; open ones are closed."""
    at = at or utcnow()
    for payment in db.session.scalars(select(Payment).where(
            Payment.order_id == order.id, Payment.provider == "stripe", Payment.status == "open")).all():
        info = gateway.retrieve_session(config, payment.reference)
        if info.payment_status == "paid":
            return _paid({"id": info.id, "amount_total": info.amount_total, "payment_intent": info.payment_intent,
                          "currency": "vnd"}, at)
        if info.status == "open":
            gateway.expire_session(config, payment.reference)
    return "expire"
