"""Producers (chủ thể OCOP) and their public story."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import localized
from ..places.models import Locality
from ..storage import ImageMixin
from ..types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..catalog.models import Product

PRODUCER_KINDS = ("cooperative", "enterprise", "coop_group", "household")
PRODUCER_STATUSES = ("pending", "approved", "rejected", "suspended")
# The ethnic groups offered in forms (the province's largest first); "other" is allowed too.
ETHNIC_GROUPS = ("Tày", "Nùng", "H'Mông", "Dao", "Kinh", "Sán Chay", "Lô Lô", "Hoa")


class Producer(db.Model):
    __tablename__ = "producers"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('cooperative', 'enterprise', 'coop_group', 'household')", name="kind"
        ),
        CheckConstraint(
            "status IN ('pending', 'approved', 'rejected', 'suspended')", name="status"
        ),
        CheckConstraint("workers >= 0 AND trained_workers >= 0", name="workers_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"), index=True)
    address: Mapped[str | None] = mapped_column(String(255))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    exact_location_public: Mapped[bool] = mapped_column(default=False)
    contact_name: Mapped[str | None] = mapped_column(String(120))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    content: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: {story, excerpt}}
    founded: Mapped[int | None]
    women_led: Mapped[bool] = mapped_column(default=False)
    ethnic_group: Mapped[str | None] = mapped_column(String(60))
    identity_public: Mapped[bool] = mapped_column(default=False)
    value_chain: Mapped[bool] = mapped_column(default=False)
    workers: Mapped[int] = mapped_column(default=0)
    trained_workers: Mapped[int] = mapped_column(default=0)
    ocop_training_on: Mapped[date | None]
    tax_code: Mapped[str | None] = mapped_column(String(40))
    alcohol_licence_number: Mapped[str | None] = mapped_column(String(60))
    alcohol_licence_issuer: Mapped[str | None] = mapped_column(String(160))  # e.g. Sở Công Thương Cao Bằng
    alcohol_licence_expires_on: Mapped[date | None]
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    locality: Mapped[Locality | None] = relationship(lazy="raise")
    members: Mapped[list["User"]] = relationship(back_populates="producer", lazy="raise")
    products: Mapped[list["Product"]] = relationship(back_populates="producer", lazy="raise")
    photos: Mapped[list["ProducerPhoto"]] = relationship(
        back_populates="producer", order_by="ProducerPhoto.position", lazy="raise",
        cascade="all, delete-orphan",
    )

    def text(self, field: str, lang: str | None = None) -> str:
        return localized(self.content, field, lang)

    @property
    def is_public(self) -> bool:
        return self.status == "approved"

    @property
    def public_identity(self) -> dict:
        """Ethnic group and women-led status, only when the producer opted in (Law 91/2025)."""
        if not self.identity_public:
            return {}
        return {"ethnic_group": self.ethnic_group, "women_led": self.women_led}

    def has_alcohol_licence(self, on: date) -> bool:
        """A licence number and its expiry on record, not expired on the given day (DESIGN §2)."""
        return bool(self.alcohol_licence_number) and (
            self.alcohol_licence_expires_on is not None and self.alcohol_licence_expires_on >= on
        )


class ProducerPhoto(ImageMixin, db.Model):
    """A picture for the producer's story (workshop, fields, people who opted in)."""

    __tablename__ = "producer_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    producer: Mapped[Producer] = relationship(back_populates="photos", lazy="raise")


class MemberInvitation(db.Model):
    """An invitation for a second member; the link's token is stored only as a hash."""

    __tablename__ = "member_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(254))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    producer: Mapped[Producer] = relationship(lazy="raise")

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and now < self.expires_at


class Notification(db.Model):
    """Something a producer's members should know; shown on the dashboard, emailed when possible.

    The text is kept as a kind and its parameters so each member reads it in their language.
    """

    __tablename__ = "producer_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    producer: Mapped[Producer] = relationship(lazy="raise")
