"""Stripe refunds: sent with the refund row's idempotency key, recorded as done when the webhook says so.

The office's request commits a pending refund row first, then asks Stripe (like placing a card
order: commit, call, commit). When Stripe cannot be reached the row stays pending and the office
may send it again: the same key makes Stripe answer with the same refund, never a second one.
`refund.created`, `refund.updated`, `refund.failed` and `charge.refunded` events settle the row
(each event once: stripe_flow.handle_event); a refund made in Stripe's dashboard is recorded too.
"""
from __future__ import annotations

from datetime import datetime
from typing import Mapping

from sqlalchemy import select, update

from ..extensions import db
from ..orders import events, services as orders
from ..orders.models import Order
from ..types import utcnow
from . import refunds
from . import stripe_gateway as gateway
from .models import Payment, Refund
from .services import record_refund

DONE, FAILED = "succeeded", ("failed", "canceled")


def send(refund: Refund, config: Mapping, at: datetime | None = None) -> str:
    """Ask Stripe for a pending refund: 'sent', 'unreachable' (still pending) or 'refused' (failed)."""
    payment = db.session.get(Payment, refund.payment_id)
    order = db.session.get(Order, refund.order_id)
    try:
        info = gateway.create_refund(
            config, payment_intent=payment.payment_intent, amount=refund.amount,
            idempotency_key=refund.idempotency_key,
            metadata={"refund_id": str(refund.id), "order_number": order.number})
    except gateway.GatewayError as error:
        if error.retryable:
            return "unreachable"
        fail(order, refund, str(error)[:500], at)
        return "refused"
    _attach(refund, info.id)
    if info.status in FAILED:
        fail(order, refund, info.status, at)
        return "refused"
    return "sent"


def _attach(refund: Refund, provider_id: str) -> None:
    db.session.execute(update(Refund).where(Refund.id == refund.id, Refund.provider_refund_id.is_(None))
                       .values(provider_refund_id=provider_id).execution_options(synchronize_session=False))
    db.session.refresh(refund)


def settle(order: Order, refund: Refund, at: datetime) -> bool:
    """pending → succeeded, once (a conditional UPDATE); the payment and the order follow."""
    won = db.session.execute(update(Refund).where(Refund.id == refund.id, Refund.status == "pending")
                             .values(status="succeeded", settled_at=at)
                             .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(refund)
    if not won:
        return False
    events.record(order.id, "refund", "pending", "succeeded", subject_id=refund.id, note=refund.provider_refund_id,
                  at=at)
    if refund.payment_id is not None:
        payment = db.session.get(Payment, refund.payment_id)
        done = refunds.sum_refunds(Refund.payment_id == payment.id, Refund.status == "succeeded")
        payment.amount_refunded = max(payment.amount_refunded, done)
        db.session.flush()
    refunds.settled(order, refund, at)
    return True


def fail(order: Order, refund: Refund, why: str, at: datetime | None = None) -> bool:
    """pending → failed, once: the amount is free to refund again."""
    won = db.session.execute(update(Refund).where(Refund.id == refund.id, Refund.status == "pending")
                             .values(status="failed", failure=why, settled_at=at or utcnow())
                             .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(refund)
    if won:
        events.record(order.id, "refund", "pending", "failed", subject_id=refund.id, note=why, at=at)
    return bool(won)


def refund_event(obj: dict, at: datetime) -> str:
    """A refund object from a webhook: find our row (or record a dashboard refund) and follow its status."""
    order, refund = _row_for(obj, at)
    if refund is None:
        return "unknown refund"
    status = obj.get("status")
    if status == DONE:
        return "refund recorded" if settle(order, refund, at) else "refund already recorded"
    if status in FAILED:
        if refund.status == "succeeded":
            orders.flag(order, f"Stripe refund {refund.provider_refund_id} failed after it succeeded: "
                               "pay the buyer back by bank transfer.")
            return "refund failed late"
        return "refund failed" if fail(order, refund, str(obj.get("failure_reason") or status), at) else "no change"
    return "refund pending"


def _row_for(obj: dict, at: datetime) -> tuple[Order | None, Refund | None]:
    provider_id = obj.get("id")
    if not isinstance(provider_id, str):
        return None, None
    refund = db.session.scalar(select(Refund).where(Refund.provider_refund_id == provider_id))
    ours = str((obj.get("metadata") or {}).get("refund_id") or "")
    if refund is None and ours.isdigit():
        refund = db.session.scalar(select(Refund).where(Refund.id == int(ours), Refund.method == "stripe"))
        if refund is not None:
            _attach(refund, provider_id)
    if refund is None:
        refund = _dashboard_refund(obj, provider_id, at)
    return (db.session.get(Order, refund.order_id), refund) if refund is not None else (None, None)


def _dashboard_refund(obj: dict, provider_id: str, at: datetime) -> Refund | None:
    """A refund someone made in Stripe's dashboard, for one of our card payments."""
    intent, amount = obj.get("payment_intent"), obj.get("amount")
    payment = db.session.scalar(select(Payment).where(Payment.provider == "stripe", Payment.payment_intent == intent)) \
        if isinstance(intent, str) else None
    if payment is None or not isinstance(amount, int) or amount <= 0:
        return None
    refund = Refund(order_id=payment.order_id, payment_id=payment.id, method="stripe", amount=amount,
                    status="pending", provider_refund_id=provider_id, note="Stripe dashboard", created_at=at)
    db.session.add(refund)
    db.session.flush()
    events.record(payment.order_id, "refund", None, "pending", subject_id=refund.id, note=provider_id, at=at)
    return refund


def charge_refunded(charge: dict, at: datetime) -> str:
    """charge.refunded: the charge's refunded total is recorded, and our pending refunds it covers settle."""
    for obj in (charge.get("refunds") or {}).get("data") or []:  # listed only by older API versions
        if isinstance(obj, dict):
            refund_event(obj, at)
    intent = charge.get("payment_intent")
    payment = db.session.scalar(select(Payment).where(Payment.provider == "stripe", Payment.payment_intent == intent)) \
        if isinstance(intent, str) else None
    if payment is None:
        return "unknown charge"
    order = db.session.get(Order, payment.order_id)
    record_refund(order, payment, int(charge.get("amount_refunded") or 0), at)
    # Without refund events (API versions before 2024-10-28), the total tells which pending ones are done.
    done = refunds.sum_refunds(Refund.payment_id == payment.id, Refund.status == "succeeded")
    for refund in db.session.scalars(select(Refund).where(Refund.payment_id == payment.id,
                                                          Refund.status == "pending").order_by(Refund.id)).all():
        if done + refund.amount > payment.amount_refunded:
            break
        settle(order, refund, at)
        done += refund.amount
    return "refund recorded"
