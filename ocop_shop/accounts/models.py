"""User accounts and roles."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from ..producers.models import Producer

ROLES = ("customer", "producer", "admin")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('customer', 'producer', 'admin')", name="role"),
        CheckConstraint("email IS NOT NULL OR phone IS NOT NULL", name="email_or_phone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default="customer")
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    active: Mapped[bool] = mapped_column(default=True)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the owner opened the link sent to the address (or a reset link, which proves it too).
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Office two-factor sign-in (TOTP): the base32 secret, when it was confirmed with a first code,
    # and the time step of the last accepted code (a code is accepted once: RFC 6238 §5.2).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    producer: Mapped["Producer | None"] = relationship(back_populates="members", lazy="raise")

    @validates("email")
    def _lower_email(self, key, value):
        return value.strip().lower() if value else None

    @property
    def is_active(self) -> bool:  # Flask-Login reads this
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def has_two_factor(self) -> bool:
        return self.totp_enabled_at is not None

    def __repr__(self) -> str:
        return f"<User {self.email or self.phone} {self.role}>"


TOKEN_PURPOSES = ("verify_email", "reset_password", "change_email")


class AccountToken(db.Model):
    """A single-use, expiring secret sent by email; only its SHA-256 hash is stored."""

    __tablename__ = "account_tokens"
    __table_args__ = (
        CheckConstraint("purpose IN ('verify_email', 'reset_password', 'change_email')", name="purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    new_email: Mapped[str | None] = mapped_column(String(254))  # change_email: the address being confirmed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="raise")


class RecoveryCode(db.Model):
    """One of an office account's ten single-use recovery codes (hashed)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


CONSENT_SOURCES = ("registration", "account_page")


class MarketingConsent(db.Model):
    """One answer to "email me news and offers": given or withdrawn, when, and on which form.

    The latest row is the account's current choice; the rows before it are its history.
    """

    __tablename__ = "marketing_consents"
    __table_args__ = (CheckConstraint("source IN ('registration', 'account_page')", name="source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    granted: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
