"""One parcel of an order cancelled on its own: declined by its producer, or not accepted in time. Flush, never commit.

Each drop is one conditional UPDATE on the parcel checked by its row count, so a parcel's units go
back to stock once, whoever else (a second click, the cron, the buyer's cancel) tries at the same
time. When no parcel is left, the order is cancelled by the same claim orders.cancel uses.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from ..extensions import db
from ..promotions import coupons
from . import events, stock
from .models import Fulfilment, Order, OrderLine
from .services import CANCELLABLE, DROPPED, OrderError

DECLINED, NOT_ACCEPTED = DROPPED
# Which parcel states each cause may drop: the producer may decline until it ships; the
# deadline only drops parcels nobody accepted.
DROPPABLE = {DECLINED: ("pending", "accepted"), NOT_ACCEPTED: ("pending",)}


def drop(parcel_id: int, cause: str, note: str | None, at: datetime) -> tuple[Fulfilment, bool]:
    """Cancel the parcel and give its units back; returns it and whether the whole order is now cancelled.

    Raises OrderError when the parcel has moved on meanwhile (shipped, cancelled).
    """
    old = _claim(parcel_id, cause, note, at)
    parcel = db.session.scalars(select(Fulfilment).where(Fulfilment.id == parcel_id)
                                .execution_options(populate_existing=True)).one()
    if old is None:
        raise OrderError(_l("This parcel has already shipped or been cancelled, so it cannot be declined."))
    events.record(parcel.order_id, "parcel", old, "cancelled", subject_id=parcel.id,
                  note=note or parcel.producer_name, at=at)
    for product_id, quantity in db.session.execute(
            select(OrderLine.product_id, OrderLine.quantity).where(OrderLine.fulfilment_id == parcel.id)):
        stock.give_back(product_id, quantity)
    order_cancelled = _cancel_order_if_empty(parcel.order_id, cause, at)
    db.session.flush()
    return parcel, order_cancelled


def _claim(parcel_id: int, cause: str, note: str | None, at: datetime) -> str | None:
    for old in DROPPABLE[cause]:
        won = db.session.execute(
            update(Fulfilment).where(Fulfilment.id == parcel_id, Fulfilment.status == old)
            .values(status="cancelled", cancelled_at=at, cancel_reason=cause, cancel_note=note)
            .execution_options(synchronize_session=False)).rowcount
        if won:
            return old
    return None


def _cancel_order_if_empty(order_id: int, cause: str, at: datetime) -> bool:
    """The last parcel went: the order is cancelled (its units are already back, parcel by parcel)."""
    left = db.session.scalar(select(Fulfilment.id).where(Fulfilment.order_id == order_id,
                                                         Fulfilment.status != "cancelled").limit(1))
    if left is not None:
        return False
    for old in CANCELLABLE:
        won = db.session.execute(
            update(Order).where(Order.id == order_id, Order.status == old)
            .values(status="cancelled", cancel_reason=cause, cancelled_at=at, updated_at=at)
            .execution_options(synchronize_session=False)).rowcount
        if won:
            events.record(order_id, "order", old, "cancelled", at=at)
            coupons.release(order_id)  # as every cancellation: the discount code's use comes back
            order = db.session.identity_map.get(db.session.identity_key(Order, order_id))
            if order is not None:
                db.session.expire(order)
            return True
    return False
