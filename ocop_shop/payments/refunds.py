"""Refunds: what an order can still pay back, Stripe refund requests and bank payouts. Flush, never commit.

Two office requests racing for the same money: each first UPDATEs the order's row (the row lock
on PostgreSQL, the write lock on SQLite), so the second waits, then counts what the first held
back. Each submitted form carries its own key, stored unique on the refund row (and sent to
Stripe as the idempotency key): a double submit or a replayed form makes exactly one refund.
A Stripe refund stays pending until Stripe's webhook confirms it (payments/stripe_refunds.py);
a bank payout is recorded as done when the office enters the bank's reference.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..extensions import db
from ..i18n import current_lang
from ..money import format_vnd
from ..orders import events, states, services as orders
from ..orders.models import Fulfilment, Order
from ..text import normalize
from ..types import utcnow
from .models import Payment, Refund, RefundRequest

# How each payment method's money goes back: card payments through Stripe, the rest by bank transfer.
REFUND_METHOD = {"stripe": "stripe", "bank_transfer": "bank_transfer", "cod": "bank_transfer"}
# A payment whose money arrived: paid as expected, or received with an amount that did not match.
MONEY_IN = ("succeeded", "flagged")


class RefundError(ValueError):
    """A refund rule refused the request; str(error) is shown to the office (translated)."""

    def __init__(self, message, field: str = "amount") -> None:
        super().__init__(message)
        self.field = field


def received(order_id: int) -> int:
    """Money that arrived for an order: payments received, plus cash collected for its parcels."""
    paid = db.session.scalar(select(func.coalesce(func.sum(Payment.amount), 0)).where(
        Payment.order_id == order_id, Payment.status.in_(MONEY_IN)))
    cash = db.session.scalar(select(func.coalesce(func.sum(Fulfilment.cash_collected), 0)).where(
        Fulfilment.order_id == order_id))
    return int(paid) + int(cash)


def refunded(order_id: int) -> int:
    """Money paid back: what Stripe reports refunded on card payments, plus bank payouts made."""
    by_card = db.session.scalar(select(func.coalesce(func.sum(Payment.amount_refunded), 0)).where(
        Payment.order_id == order_id, Payment.provider == "stripe"))
    return int(by_card) + sum_refunds(Refund.order_id == order_id, Refund.method == "bank_transfer",
                                       Refund.status == "succeeded")


def refundable(order_id: int) -> int:
    """What may still be refunded: received, less refunded, less refunds still pending."""
    pending = sum_refunds(Refund.order_id == order_id, Refund.status == "pending")
    return max(0, received(order_id) - refunded(order_id) - pending)


def sum_refunds(*where) -> int:
    """The sum of the refunds matching the conditions."""
    return int(db.session.scalar(select(func.coalesce(func.sum(Refund.amount), 0)).where(*where)))


def check(order: Order, amount, request: RefundRequest | None = None) -> None:
    """Refuse an amount that is not positive, an order without money in, or more than is left to refund."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise RefundError(_l("Please enter an amount of more than 0 đồng."))
    if request is not None and (request.order_id != order.id or request.status != "requested"):
        raise RefundError(_l("This refund request is already settled."), field="request")
    if received(order.id) == 0:
        raise RefundError(_l("Nothing was paid for this order, so there is nothing to refund."))
    left = refundable(order.id)
    if amount > left:
        raise RefundError(_l("At most %(left)s can still be refunded: what was paid, less what is already "
                             "refunded or waiting to be refunded.", left=format_vnd(left, current_lang())))


def stripe_payment_for(order: Order, request: RefundRequest | None = None) -> Payment | None:
    """The card payment a Stripe refund goes back to: the request's, else the one with the most left."""
    payments = db.session.scalars(select(Payment).where(
        Payment.order_id == order.id, Payment.provider == "stripe", Payment.status.in_(MONEY_IN),
        Payment.payment_intent.is_not(None)).order_by(Payment.id)).all()
    if request is not None and request.payment_id in {p.id for p in payments}:
        return next(p for p in payments if p.id == request.payment_id)
    return max(payments, key=lambda p: p.amount - p.amount_refunded, default=None)


def request_stripe_refund(order: Order, amount: int, key: str, note: str, by,
                          request: RefundRequest | None = None, at: datetime | None = None) -> Refund:
    """Hold back the amount as a pending Stripe refund (sent to Stripe after the commit)."""
    if REFUND_METHOD[order.payment_method] != "stripe":
        raise RefundError(_l("This order was not paid by card: record a bank payout instead."), field="method")
    _lock(order)
    check(order, amount, request)
    payment = stripe_payment_for(order, request)
    pending = sum_refunds(Refund.payment_id == getattr(payment, "id", None), Refund.status == "pending")
    if payment is None or amount > payment.amount - payment.amount_refunded - pending:
        raise RefundError(_l("No card payment of this order has that much left to refund."))
    refund = _add(Refund(order_id=order.id, payment_id=payment.id, request_id=getattr(request, "id", None),
                         method="stripe", amount=amount, status="pending", note=normalize(note),
                         idempotency_key=_key(order, key), requested_by_id=getattr(by, "id", None), created_at=at))
    events.record(order.id, "refund", None, "pending", subject_id=refund.id, at=at,
                  note=f"Stripe: {amount} đ" + (f" · {refund.note}" if refund.note else ""))
    audit.record(by, "refund.request", order, reason=refund.note or None,
                 changes={"refund": (None, f"#{refund.id} Stripe {amount} đ pending")})
    return refund


def record_bank_payout(order: Order, amount: int, reference: str, key: str, note: str, by,
                       request: RefundRequest | None = None, at: datetime | None = None) -> Refund:
    """The office paid money back by bank transfer: recorded as done, with the bank's reference."""
    at = at or utcnow()
    reference = normalize(reference).upper()
    if REFUND_METHOD[order.payment_method] != "bank_transfer":
        raise RefundError(_l("This order was paid by card: refund it through Stripe."), field="method")
    if not reference or len(reference) > 120:
        raise RefundError(_l("Please enter the bank's reference for the transfer you made."), field="bank_reference")
    _lock(order)
    check(order, amount, request)
    if db.session.scalar(select(Refund.id).where(Refund.bank_reference == reference)) is not None:
        raise RefundError(_l("This bank reference is already recorded."), field="bank_reference")
    refund = _add(Refund(order_id=order.id, request_id=getattr(request, "id", None), method="bank_transfer",
                         amount=amount, status="succeeded", bank_reference=reference, note=normalize(note),
                         idempotency_key=_key(order, key), requested_by_id=getattr(by, "id", None),
                         recorded_by_id=getattr(by, "id", None), created_at=at, settled_at=at))
    events.record(order.id, "refund", None, "succeeded", subject_id=refund.id, at=at,
                  note=f"{reference}: {amount} đ" + (f" · {refund.note}" if refund.note else ""))
    before = audit.snapshot(order, ("payment_status",))
    settled(order, refund, at)
    audit.record(by, "refund.bank_payout", order, reason=refund.note or None,
                 changes={"refund": (None, f"#{refund.id} {reference}: {amount} đ"),
                          **audit.changes_since(before, order)})
    return refund


def _key(order: Order, key: str) -> str:
    return f"refund-{order.id}-{key}"[:80]


def _lock(order: Order) -> None:
    """Take the order's row before counting its refunds (see the module's docstring)."""
    locked = db.session.execute(update(Order).where(Order.id == order.id).values(updated_at=utcnow())
                                .execution_options(synchronize_session=False)).rowcount
    if locked != 1:
        raise RefundError(_l("This order no longer exists."))


def _add(refund: Refund) -> Refund:
    refund.created_at = refund.created_at or utcnow()
    try:
        with db.session.begin_nested():
            db.session.add(refund)
    except IntegrityError as error:
        raise RefundError(_l("This refund was already submitted (the form was sent twice): see the refunds "
                             "list."), field="form") from error
    return refund


def settled(order: Order, refund: Refund, at: datetime | None = None) -> None:
    """A refund is done: the order's payment status follows, and the request it settles closes."""
    if refund.request_id is not None:
        request = db.session.get(RefundRequest, refund.request_id)
        paid_back = sum_refunds(Refund.request_id == request.id, Refund.status == "succeeded")
        if request.status == "requested" and paid_back >= request.amount:
            request.status, request.resolved_at = "refunded", at or utcnow()
    follow_payment_status(order, at)


def follow_payment_status(order: Order, at: datetime | None = None) -> None:
    """refunded when nothing is left, partially_refunded when less than the order's total is left."""
    back = refunded(order.id)
    left = received(order.id) - back
    if left <= 0:
        new = "refunded"
    elif back > 0 and left < order.total:
        new = "partially_refunded"
    else:
        return
    if order.payment_status != new and states.allowed("payment", order.payment_status, new):
        orders.set_payment_status(order, new, at)
    if new == "refunded":
        for request in db.session.scalars(select(RefundRequest).where(
                RefundRequest.order_id == order.id, RefundRequest.status == "requested")):
            request.status, request.resolved_at = "refunded", at or utcnow()
    db.session.flush()


def resend(refund: Refund, by) -> None:
    """Before sending a waiting Stripe refund again (same idempotency key): check it still waits; audited."""
    # Only a refund Stripe never answered for: one it knows (or made in its dashboard) is never sent again.
    if refund.method != "stripe" or refund.status != "pending" or refund.provider_refund_id \
            or not refund.idempotency_key:
        raise RefundError(_l("This refund is not waiting to be sent to Stripe."))
    order = db.session.get(Order, refund.order_id)
    audit.record(by, "refund.resend", order, changes={"refund": (None, f"#{refund.id} sent to Stripe again")})
