"""Payments received or attempted, refund requests, and webhook events seen once."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..orders.models import Order
from ..types import Money, UTCDateTime, utcnow

PROVIDERS = ("cod", "bank_transfer", "stripe")
PAYMENT_ROW_STATES = ("open", "succeeded", "failed", "expired", "flagged")
REFUND_REASONS = ("cancelled", "late_payment", "overpaid")


class Payment(db.Model):
    """One attempt or receipt: a Stripe session, a confirmed transfer, cash for a parcel."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("provider IN ('cod', 'bank_transfer', 'stripe')", name="provider"),
        CheckConstraint("status IN ('open', 'succeeded', 'failed', 'expired', 'flagged')", name="status"),
        CheckConstraint("amount >= 0", name="amount_nonneg"),
        UniqueConstraint("provider", "reference", name="uq_payments_provider_reference"),
        UniqueConstraint("order_id", "provider", "attempt", name="uq_payments_order_attempt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(20))
    attempt: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(20), default="open")
    amount: Mapped[int] = mapped_column(Money, default=0)
    amount_refunded: Mapped[int] = mapped_column(Money, default=0)
    # Stripe Checkout session id, or the bank's transaction reference.
    reference: Mapped[str | None] = mapped_column(String(255))
    payment_intent: Mapped[str | None] = mapped_column(String(255), index=True)
    checkout_url: Mapped[str | None] = mapped_column(Text)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(lazy="raise")


class RefundRequest(db.Model):
    """Money the operator owes back: a cancelled paid order, or a payment that came too late."""

    __tablename__ = "refund_requests"
    __table_args__ = (
        CheckConstraint("reason IN ('cancelled', 'late_payment', 'overpaid')", name="reason"),
        CheckConstraint("status IN ('requested', 'refunded')", name="status"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    amount: Mapped[int] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="requested", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(lazy="raise")


class Refund(db.Model):
    """Money paid back: through Stripe (pending until its webhook confirms) or by a bank transfer the office made."""

    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("method IN ('stripe', 'bank_transfer')", name="method"),
        CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="status"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), index=True)  # the Stripe payment
    request_id: Mapped[int | None] = mapped_column(ForeignKey("refund_requests.id"), index=True)  # what it settles
    method: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(Money)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    # One per submitted form: a double submit or a replay hits the unique constraint; sent to Stripe as is.
    idempotency_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    provider_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    bank_reference: Mapped[str | None] = mapped_column(String(120), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    failure: Mapped[str | None] = mapped_column(Text)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WebhookEvent(db.Model):
    """A provider event already processed; the unique constraint makes replays no-ops."""

    __tablename__ = "webhook_events"
    __table_args__ = (UniqueConstraint("provider", "event_id", name="uq_webhook_events_provider_event"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
