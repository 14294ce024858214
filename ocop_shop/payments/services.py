"""Money in and out: payments received, transfers confirmed, cancellations, expiry, refunds.

Flush, never commit. A payment that arrives for an expired or cancelled order takes the
stock again if it is all there (the order is reinstated), else it is flagged for refund.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..orders import emails, events, services as orders
from ..orders.models import Order
from ..text import normalize
from ..types import utcnow
from . import refunds
from .models import Payment, RefundRequest

PAID_STATES = ("paid", "partially_refunded", "refunded")
CANCEL_NOTE_MAX = 500


class PaymentError(ValueError):
    """A payment rule refused the change; str(error) is shown to the user (translated)."""


def receive(order: Order, payment: Payment, at: datetime | None = None) -> str:
    """Money for the whole order arrived: mark it paid. Returns 'paid', 'reinstated' or 'refund'."""
    at = at or utcnow()
    orders.lock(order)  # decide on the order as it is now: an expiry or a cancel may have just committed
    set_payment_row(payment, "succeeded", at)
    payment.paid_at = at
    if order.payment_status in PAID_STATES:
        _refund(order, payment, payment.amount, "overpaid")
        orders.flag(order, f"Second payment {payment.provider} #{payment.id}: refund it.")
        return "refund"
    outcome = "paid"
    if order.status == "cancelled":
        if orders.reinstate(order, at):
            outcome = "reinstated"
            orders.flag(order, f"Late payment {payment.provider} #{payment.id}: order reinstated, stock taken again.")
        else:
            outcome = "refund"
            _refund(order, payment, payment.amount, "late_payment")
            orders.flag(order, f"Late payment {payment.provider} #{payment.id}: stock gone, refund it.")
    orders.set_payment_status(order, "paid", at)
    orders.advance(order, at)
    if outcome != "refund":
        emails.queue_paid(order)
    db.session.flush()
    return outcome


def new_payment(order: Order, provider: str, status: str = "open", at: datetime | None = None, *,
                attempt: int | None = None, **fields) -> Payment:
    """Add a payment row (by default the order's next attempt with this provider) and put it on the timeline."""
    payment = Payment(order_id=order.id, provider=provider, attempt=attempt or _next_attempt(order, provider),
                      status=status, **fields)
    db.session.add(payment)
    db.session.flush()
    events.record(order.id, "payment", None, status, subject_id=payment.id, note=provider, at=at)
    return payment


def set_payment_row(payment: Payment, new: str, at: datetime | None = None) -> None:
    """Move a payment row to a new state (open, succeeded, failed, expired, flagged) on the timeline."""
    old = payment.status
    if old == new:
        return
    payment.status = new
    events.record(payment.order_id, "payment", old, new, subject_id=payment.id, note=payment.provider, at=at)


def _refund(order: Order, payment: Payment | None, amount: int, reason: str) -> RefundRequest:
    request = RefundRequest(order_id=order.id, payment_id=getattr(payment, "id", None), amount=amount, reason=reason)
    db.session.add(request)
    db.session.flush()
    return request


def confirm_transfer(order: Order, amount: int, reference: str, recorded_by=None,
                     at: datetime | None = None) -> Payment:
    """The office saw a transfer: exactly the total pays the order; any other amount stays pending, flagged."""
    reference = normalize(reference)
    if order.payment_method != "bank_transfer":
        raise PaymentError(_l("This order is not paid by bank transfer."))
    if not reference or len(reference) > 120:
        raise PaymentError(_l("Please enter the bank's reference for this transfer."))
    if db.session.scalar(select(Payment.id).where(Payment.provider == "bank_transfer", Payment.reference == reference)):
        raise PaymentError(_l("This bank reference is already recorded."))
    if not isinstance(amount, int) or amount <= 0:
        raise PaymentError(_l("Please enter the amount received, in đồng."))
    before = audit.snapshot(order, ("payment_status", "status", "flagged"))
    payment = new_payment(order, "bank_transfer", "succeeded" if amount == order.total else "flagged", at,
                          amount=amount, reference=reference, recorded_by_id=getattr(recorded_by, "id", None))
    if amount != order.total:
        orders.flag(order, f"Transfer {reference}: received {amount} đ, expected {order.total} đ.")
    else:
        receive(order, payment, at)
    changes = {"transfer": (None, f"{reference}: {amount} đ"), **audit.changes_since(before, order)}
    audit.record(recorded_by, "order.transfer_recorded", order, changes=changes)
    return payment


def _next_attempt(order: Order, provider: str) -> int:
    attempts = db.session.scalars(
        select(Payment.attempt).where(Payment.order_id == order.id, Payment.provider == provider)).all()
    return max(attempts, default=0) + 1


def cancel_order(order: Order, reason: str = "customer", at: datetime | None = None, note: str | None = None) -> int:
    """Cancel before shipping, exactly once: stock back, a refund request when paid; returns the amount to refund."""
    at = at or utcnow()
    orders.cancel(order, reason, at, note)
    refund = 0
    if order.payment_status == "paid":
        refund = order.total
        _refund(order, None, refund, "cancelled")
    elif order.payment_status in ("unpaid", "pending"):
        orders.set_payment_status(order, "expired", at)
    emails.queue_cancelled(order, refund)
    db.session.flush()
    return refund


def cancel_for_buyer(order: Order, reason: str, by, at: datetime | None = None) -> int:
    """The office cancels an order on the buyer's behalf, giving its reason (audited); returns the refund owed."""
    reason = normalize(reason or "")
    if not reason or len(reason) > CANCEL_NOTE_MAX:
        raise PaymentError(_l("Please write why the order is cancelled (at most %(n)d characters).",
                              n=CANCEL_NOTE_MAX))
    before = audit.snapshot(order, ("status", "payment_status"))
    refund = cancel_order(order, "office", at, note=reason)
    changes = audit.changes_since(before, order)
    if refund:
        changes["refund_requested"] = (None, refund)
    audit.record(by, "order.cancel", order, changes=changes, reason=reason)
    return refund


def expire_order(order: Order, at: datetime | None = None) -> None:
    """The payment deadline passed: order cancelled, payment expired, stock released.

    Raises OrderError when the order was paid, cancelled or shipped meanwhile (one conditional UPDATE decides).
    """
    at = at or utcnow()
    orders.cancel(order, "payment_expired", at, unpaid_only=True)
    orders.set_payment_status(order, "expired", at)
    for payment in db.session.scalars(select(Payment).where(Payment.order_id == order.id, Payment.status == "open")):
        set_payment_row(payment, "expired", at)
    emails.queue_cancelled(order, 0)
    db.session.flush()


def record_refund(order: Order, payment: Payment, amount_refunded: int, at: datetime | None = None) -> None:
    """A provider reports the total refunded on a payment: the order's payment status follows."""
    payment.amount_refunded = max(payment.amount_refunded, amount_refunded)
    db.session.flush()
    refunds.follow_payment_status(order, at)


def overdue_orders(at: datetime | None = None) -> list[Order]:
    """Orders whose payment deadline has passed while still unpaid."""
    return list(db.session.scalars(
        select(Order).where(Order.payment_status.in_(("unpaid", "pending")), Order.payment_due_at.is_not(None),
                            Order.payment_due_at < (at or utcnow()), Order.status != "cancelled")
        .order_by(Order.id)
    ))
