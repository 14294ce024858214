"""Experiences (OCOP group 6: homestays, farmstays, tours) and the booking requests sent for them.

An experience is booked, never put in the cart. Its price is the product's price
(`promotions.pricing.price_for`, per the product's unit: a guest or a room per night…);
this module keeps what a booking needs beside it. Places sits above catalog and producers,
so the links to products, producers and users are foreign keys by table name only.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import localized
from ..types import UTCDateTime, utcnow

BOOKING_STATUSES = ("new", "accepted", "declined", "cancelled")
EXPERIENCE_FIELDS = ("includes", "duration", "season")
MAX_PARTY = 500


class Experience(db.Model):
    """What a group-6 product offers: what is included, how long, when, and for how many.

    `content = {lang: {includes, duration, season}}`, vi required, other languages fall back
    to vi. Duration is free text per language ("1 đêm", "2 ngày 1 đêm", "3 giờ") because
    homestays count nights and tours count hours or days.
    """

    __tablename__ = "experiences"
    __table_args__ = (CheckConstraint("max_party > 0", name="max_party_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), unique=True)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    max_party: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    product: Mapped["Product"] = relationship(lazy="raise")  # noqa: F821  (catalog's model, by name)

    def text(self, field: str, lang: str | None = None) -> str:
        return localized(self.content, field, lang)


class BookingRequest(db.Model):
    """A visitor's request to book an experience on a day; the producer accepts or declines it.

    `producer_id` is copied from the product so the portal scopes by producer in one query;
    `access_token` is the secret of the requester's status link (no account needed).
    """

    __tablename__ = "booking_requests"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'accepted', 'declined', 'cancelled')", name="status"),
        CheckConstraint("party_size > 0", name="party_size_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    requested_on: Mapped[date]  # the day the party comes (a local date)
    party_size: Mapped[int]
    contact_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))  # E.164, as checkout stores it
    email: Mapped[str | None] = mapped_column(String(254))  # lower-cased
    message: Mapped[str] = mapped_column(Text, default="")
    locale: Mapped[str] = mapped_column(String(5), default="vi")
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    reply: Mapped[str] = mapped_column(Text, default="")  # the producer's message with its answer
    office_reason: Mapped[str | None] = mapped_column(Text)  # set when the OCOP office cancelled it, and why
    access_token: Mapped[str] = mapped_column(String(64))
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # answered, or cancelled

    product: Mapped["Product"] = relationship(lazy="raise")  # noqa: F821

    @property
    def is_open(self) -> bool:
        """Waiting for the producer's answer (the only state that can still change)."""
        return self.status == "new"
