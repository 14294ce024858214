"""A parcel cancelled on its own: its producer declines it, or nobody accepted it in time. Flush, never commit.

The parcel's units go back to stock (orders/parcels.py, one conditional UPDATE); a paid order gets
a refund request as other cancellations do; when no parcel is left the order is cancelled and an
unpaid one's payment closed. The buyer is emailed in their language either way.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..orders import emails, parcels, services as orders
from ..orders.models import Fulfilment, Order
from ..text import normalize
from ..types import utcnow
from .models import RefundRequest
from .services import PaymentError, _refund

REASON_MAX = 500


def decline(parcel: Fulfilment, reason: str, at: datetime | None = None) -> int:
    """The producer will not send this parcel, for the reason given (shown to the buyer); returns the refund owed."""
    reason = normalize(reason or "")
    if not reason or len(reason) > REASON_MAX:
        raise PaymentError(_l("Please write why you cannot send this parcel (at most %(n)d characters); "
                              "the customer will read it.", n=REASON_MAX))
    return drop(parcel.id, parcels.DECLINED, reason, at)


def drop(parcel_id: int, cause: str, note: str | None, at: datetime | None = None) -> int:
    """Cancel one parcel (orders/parcels.py) and settle the money; returns the refund owed (0 if none)."""
    at = at or utcnow()
    parcel, order_cancelled = parcels.drop(parcel_id, cause, note, at)
    order = db.session.scalars(select(Order).where(Order.id == parcel.order_id)
                               .execution_options(populate_existing=True)).one()
    refund = 0
    if order.payment_status == "paid":
        refund = _refund_owed(order, parcel, order_cancelled)
        if refund:
            _refund(order, None, refund, "cancelled")
    elif order_cancelled and order.payment_status in orders.UNPAID:
        orders.set_payment_status(order, "expired", at)
    elif order.payment_method != "cod":  # the amount to pay in advance no longer matches the parcels left
        orders.flag(order, f"Parcel of {parcel.producer_name} cancelled ({cause}) before payment: "
                           f"{parcel.amount_due} đ less is due.")
    emails.queue_parcel_dropped(order, parcel, refund, order_cancelled)
    db.session.flush()
    return refund


def _refund_owed(order: Order, parcel: Fulfilment, order_cancelled: bool) -> int:
    """The parcel's goods and shipping; for the last parcel, whatever of the total is not yet owed back."""
    if not order_cancelled:
        return parcel.amount_due
    owed = db.session.scalar(select(func.coalesce(func.sum(RefundRequest.amount), 0))
                             .where(RefundRequest.order_id == order.id, RefundRequest.reason == "cancelled"))
    return max(order.total - owed, 0)
