"""The order timeline: every state change of an order, its parcels and its payments.

One row per change: what changed (the order, its payment status, a parcel, a payment or a
refund), from what to what, when, and who (the actor of the request or command, see
ocop_shop/actors.py). The three state setters in orders/services.py record their changes
here; payments record theirs with `record()`. Rows are only added.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ..actors import current_actor
from ..extensions import db
from ..types import UTCDateTime, utcnow

SUBJECTS = ("order", "payment_status", "parcel", "payment", "refund")


class OrderEvent(db.Model):
    __tablename__ = "order_events"
    __table_args__ = (
        CheckConstraint("subject IN ('order', 'payment_status', 'parcel', 'payment', 'refund')", name="subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None]  # the parcel's, payment's or refund's id
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(254))
    note: Mapped[str | None] = mapped_column(Text)


def record(order_id: int, subject: str, from_state: str | None, to_state: str, *,
           subject_id: int | None = None, note: str | None = None, at: datetime | None = None) -> OrderEvent:
    """Add one timeline row for a change made by the current actor."""
    actor = current_actor()
    event = OrderEvent(order_id=order_id, subject=subject, subject_id=subject_id, from_state=from_state,
                       to_state=to_state, actor_id=actor.user_id, actor_label=actor.label, note=note,
                       at=at or utcnow())
    db.session.add(event)
    return event


def timeline(order_id: int) -> list[OrderEvent]:
    """An order's events, oldest first."""
    return list(db.session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.at, OrderEvent.id)))
