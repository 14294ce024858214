"""Today's work for the office's home page: how many things wait, counted in one SQL statement.

Each count is one scalar subquery; the page reads them all with a single SELECT. The rules of
"late" live here (LATE_PARCEL, OLD_CASH_ORDER) or beside their list (booking_list.late_booking), so
a list the home page links to filters with the same predicate as the count.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..catalog.certificate_lists import expiring_within
from ..catalog.models import Certification, Product, ProductRevision
from ..extensions import db
from ..orders.models import Fulfilment, Order
from ..tourism.experiences import BookingRequest
from ..producers.models import Producer
from ..timeutil import local_today
from ..types import utcnow
from .booking_list import late_booking

LATE_PARCEL = timedelta(hours=48)  # a parcel its producer has not accepted this long after the order
OLD_CASH_ORDER = timedelta(days=14)  # a cash-on-delivery order not delivered this long after it was placed
EXPIRING_SOON, EXPIRING_LATER = 30, 90  # days: the renewal reminders' thresholds (DESIGN §2)
NOT_DELIVERED = ("placed", "in_progress", "shipped")


@dataclass(frozen=True)
class Workload:
    """What waits for the office today."""

    producers_pending: int
    products_pending: int
    revisions_pending: int
    transfers_pending: int
    certificates_expiring_30: int
    certificates_expiring_90: int
    parcels_late: int
    cash_orders_old: int
    bookings_late: int


def _count(entity, *conditions):
    return select(func.count()).select_from(entity).where(*conditions).scalar_subquery()


def workload(now: datetime | None = None) -> Workload:
    """Every count of the home page at `now` (default: this moment), in one statement."""
    now = now or utcnow()
    today = local_today(now)
    late_parcels = (select(func.count()).select_from(Fulfilment).join(Order, Order.id == Fulfilment.order_id)
                    .where(Fulfilment.status == "pending", Order.status != "cancelled",
                           Order.placed_at < now - LATE_PARCEL).scalar_subquery())
    row = db.session.execute(select(
        _count(Producer, Producer.status == "pending"),
        _count(Product, Product.status == "pending_review"),
        _count(ProductRevision, ProductRevision.status == "pending_review"),
        _count(Order, Order.payment_method == "bank_transfer", Order.payment_status == "pending"),
        _count(Certification, expiring_within(EXPIRING_SOON, today)),
        _count(Certification, expiring_within(EXPIRING_LATER, today)),
        late_parcels,
        _count(Order, Order.payment_method == "cod", Order.status.in_(NOT_DELIVERED),
               Order.placed_at < now - OLD_CASH_ORDER),
        _count(BookingRequest, late_booking(now)),
    )).one()
    return Workload(*row)
