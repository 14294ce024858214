"""State changes of orders and parcels, stock release and reinstatement. Flush, never commit.

Every status change goes through the transition tables in orders/states.py.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select, true, update

from ..extensions import db
from ..promotions import coupons
from ..types import utcnow
from . import events, states, stock
from .models import Fulfilment, Order, OrderLine


class OrderError(ValueError):
    """An order rule refused the change; str(error) is shown to the user (translated)."""


def set_payment_status(order: Order, new: str, at: datetime | None = None) -> None:
    old = order.payment_status
    order.payment_status = states.check("payment", old, new)
    events.record(order.id, "payment_status", old, new, at=at)
    if new == "paid":
        order.paid_at = at or utcnow()


def set_status(order: Order, new: str, at: datetime | None = None) -> None:
    old = order.status
    order.status = states.check("order", old, new)
    events.record(order.id, "order", old, new, at=at)
    if new == "cancelled":
        order.cancelled_at = at or utcnow()


def set_fulfilment_status(fulfilment: Fulfilment, new: str, at: datetime | None = None) -> None:
    old = fulfilment.status
    fulfilment.status = states.check("fulfilment", old, new)
    events.record(fulfilment.order_id, "parcel", old, new, subject_id=fulfilment.id,
                  note=fulfilment.producer_name, at=at)
    stamp = {"accepted": "accepted_at", "shipped": "shipped_at", "delivered": "delivered_at",
             "cancelled": "cancelled_at"}.get(new)
    if stamp:
        setattr(fulfilment, stamp, at or utcnow())


def fulfilments_of(order: Order) -> list[Fulfilment]:
    return list(db.session.scalars(select(Fulfilment).where(Fulfilment.order_id == order.id).order_by(Fulfilment.id)))


def lines_of(order: Order) -> list[OrderLine]:
    return list(db.session.scalars(select(OrderLine).where(OrderLine.order_id == order.id).order_by(OrderLine.id)))


def advance(order: Order, at: datetime | None = None) -> None:
    """Move the order forward as far as its parcels and payment allow."""
    active = [f for f in fulfilments_of(order) if f.status != "cancelled"]
    if not active or order.status == "cancelled":
        return
    reached = {
        "in_progress": any(f.status != "pending" for f in active),
        "shipped": all(f.status in ("shipped", "delivered") for f in active),
        "delivered": all(f.status == "delivered" for f in active),
        "closed": all(f.status == "delivered" for f in active) and order.payment_status == "paid",
    }
    for new in ("in_progress", "shipped", "delivered", "closed"):
        if reached[new] and states.allowed("order", order.status, new):
            set_status(order, new, at)
    db.session.flush()


def release_stock(order: Order, parcel_ids: list[int] | None = None) -> None:
    """Give the lines' units back to stock: every line, or those of the given parcels."""
    for line in lines_of(order):
        if parcel_ids is None or line.fulfilment_id in parcel_ids:
            stock.give_back(line.product_id, line.quantity)


CANCELLABLE = tuple(state for state, following in states.ORDER.items() if "cancelled" in following)
SHIPPED = ("shipped", "delivered")
UNPAID = ("unpaid", "pending")
DROPPED = ("declined", "not_accepted")  # a parcel cancelled on its own (orders/parcels.py)


def cancel(order: Order, reason: str, at: datetime | None = None, note: str | None = None, *,
           unpaid_only: bool = False) -> None:
    """Cancel before any parcel ships, exactly once: parcels cancelled, stock returned (payments handle refunds).

    `reason` is a code (customer, office, payment_expired); `note` the office's own words.
    `unpaid_only` (expiry): cancel only while no payment has arrived, in the same conditional UPDATE.
    """
    at = at or utcnow()
    parcels = _lock_parcels(order)
    old = _claim_cancel(order, reason, note, at, unpaid_only)
    if old is None:
        status, payment_status = db.session.execute(
            select(Order.status, Order.payment_status).where(Order.id == order.id)).one()
        if status == "cancelled":
            raise OrderError(_l("This order is already cancelled."))
        if unpaid_only and payment_status not in UNPAID:
            raise OrderError(_l("This order has been paid meanwhile, so it is not cancelled."))
        raise OrderError(_l("A parcel of this order has already shipped, so it can no longer be cancelled."))
    events.record(order.id, "order", old, "cancelled", note=note, at=at)
    cancelled = []
    for parcel in parcels:  # read under lock: a parcel its producer declined has given its units back already
        if states.allowed("fulfilment", parcel.status, "cancelled"):
            set_fulfilment_status(parcel, "cancelled", at)
            cancelled.append(parcel.id)
    release_stock(order, cancelled)
    coupons.release(order.id)  # the discount code's use comes back (promotions/coupons.py says why)
    db.session.flush()


def _lock_parcels(order: Order) -> list[Fulfilment]:
    """The order's parcels as they are now, locked (PostgreSQL) until the transaction ends.

    A producer shipping writes the parcel, then the order; a cancel takes the same locks in the
    same order, so it waits for a shipment under way and then sees it, instead of deadlocking.
    """
    db.session.flush()
    return list(db.session.scalars(
        select(Fulfilment).where(Fulfilment.order_id == order.id).order_by(Fulfilment.id)
        .with_for_update().execution_options(populate_existing=True)))


def _claim_cancel(order: Order, reason: str, note: str | None, at: datetime, unpaid_only: bool) -> str | None:
    """The one conditional UPDATE that cancels: returns the state it cancelled from, or None when it lost.

    Two cancels at once (the office and the buyer, a double click): the second waits for the
    first's row lock, then finds the order no longer cancellable, so stock and refunds happen once.
    The payment status is read again after the claim (the row is now ours): a payment that landed
    meanwhile is seen, so it is refunded rather than overwritten.
    """
    shipped = exists().where(Fulfilment.order_id == Order.id, Fulfilment.status.in_(SHIPPED))
    unpaid = Order.payment_status.in_(UNPAID) if unpaid_only else true()
    for old in CANCELLABLE:
        won = db.session.execute(
            update(Order).where(Order.id == order.id, Order.status == old, ~shipped, unpaid)
            .values(status="cancelled", cancel_reason=reason, cancel_note=note, cancelled_at=at, updated_at=at)
            .execution_options(synchronize_session=False)).rowcount
        if won:
            db.session.expire(order, ["status", "payment_status", "cancel_reason", "cancel_note", "cancelled_at",
                                      "updated_at"])
            return old
    return None


def lock(order: Order) -> list[Fulfilment]:
    """Lock the order's parcels, then the order (the order cancel and shipping use), and read both afresh.

    A payment decides on what it reads here, so a cancel or an expiry committed meanwhile is seen.
    """
    parcels = _lock_parcels(order)
    db.session.scalars(select(Order).where(Order.id == order.id).with_for_update()
                       .execution_options(populate_existing=True)).one()
    return parcels


def reinstate(order: Order, at: datetime | None = None) -> bool:
    """Take the stock again for a cancelled order (a late payment); False when it is not all there."""
    if order.status != "cancelled":
        return True
    if order.cancel_reason in DROPPED:  # its producers declined or never accepted it: nothing to revive
        return False
    dropped = {parcel.id for parcel in fulfilments_of(order) if parcel.cancel_reason in DROPPED}
    wanted: dict[int, int] = {}
    for line in lines_of(order):
        if line.fulfilment_id not in dropped:
            wanted[line.product_id] = wanted.get(line.product_id, 0) + line.quantity
    if stock.take_all(wanted) is not None:
        return False
    coupons.retake(order.id, [line.campaign_id for line in lines_of(order)],
                   coupons.Customer.of(order.phone, order.user_id), at)
    for parcel in fulfilments_of(order):
        if parcel.id not in dropped:
            set_fulfilment_status(parcel, "pending", at)
    set_status(order, "placed", at)
    order.cancel_reason, order.cancel_note, order.cancelled_at = None, None, None
    db.session.flush()
    return True


def flag(order: Order, note: str) -> None:
    """Mark an order for the office's attention, keeping earlier notes."""
    order.flagged = True
    order.flag_note = f"{order.flag_note}\n{note}" if order.flag_note else note
    db.session.flush()
