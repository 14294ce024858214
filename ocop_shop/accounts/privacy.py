"""A customer's own data (Law 91/2025/QH15): download it, choose about marketing email, delete the account.

The orders and booking requests an account made belong to domains above accounts: they register
what they hold (accounts/personal_data.py), and the download and the deletion here ask each of
them, so this module imports no higher domain.

Deleting an account removes the account row with its tokens, consents, cart and two-factor
data; its orders keep only what accounting needs (docs/DECISIONS.md, the privacy page): the
order number, dates, states, payment method, amounts, lines, parcels and the province and ward
of delivery. The buyer's name, phone, email, street and note are erased, the order's private
link stops working, and booking requests lose their contact details and message.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from werkzeug.security import check_password_hash

from ..extensions import db
from ..mail import OutboxEmail
from ..types import utcnow
from . import personal_data
from .models import MarketingConsent, User
from .services import AccountError


# -- marketing email: its own unticked opt-in, every answer recorded with its date and form --

def marketing_choice(user: User) -> MarketingConsent | None:
    """The account's latest answer about marketing email (None: never asked for it)."""
    return db.session.scalar(select(MarketingConsent).where(MarketingConsent.user_id == user.id)
                             .order_by(MarketingConsent.at.desc(), MarketingConsent.id.desc()).limit(1))


def set_marketing(user: User, granted: bool, source: str) -> MarketingConsent | None:
    """Record a new answer (given or withdrawn) from `source`; nothing when the answer did not change."""
    latest = marketing_choice(user)
    if (latest.granted if latest else False) == bool(granted):
        return None
    consent = MarketingConsent(user_id=user.id, granted=bool(granted), source=source, at=utcnow())
    db.session.add(consent)
    db.session.flush()
    return consent


def may_send_marketing(user: User) -> bool:
    """Marketing email goes only to a verified address whose owner opted in and has not withdrawn."""
    latest = marketing_choice(user)
    return bool(user.active and user.email and user.email_verified and latest is not None and latest.granted)


# -- download --

def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict:
    """Everything the shop holds about the account, as plain JSON-ready data."""
    consents = db.session.scalars(select(MarketingConsent).where(MarketingConsent.user_id == user.id)
                                  .order_by(MarketingConsent.at, MarketingConsent.id)).all()
    data = {
        "exported_at": utcnow().isoformat(),
        "account": {
            "name": user.name, "email": user.email, "phone": user.phone, "language": user.locale,
            "role": user.role, "created_at": _iso(user.created_at),
            "email_verified_at": _iso(user.email_verified_at),
            "two_step_sign_in": user.has_two_factor,
        },
    }
    given = {"marketing_email": [{"given": c.granted, "source": c.source, "at": _iso(c.at)} for c in consents]}
    for holder in personal_data.holders():
        sections = holder.export(user)
        given.update(sections.pop("consents", {}))
        data.update(sections)
    data["consents"] = given
    return data


# -- deletion --

def deletion_blocker(user: User) -> str | None:
    """Why the account cannot be deleted now (a code), or None.

    Office and producer accounts are closed by the office (their records belong to the office
    and to a producer); a customer first lets open orders finish (the parcel needs the address),
    waits for any refund still owed, and for booking requests still to come.
    """
    if user.role != "customer":
        return "not_customer"
    for holder in personal_data.holders():
        reason = holder.blocker(user)
        if reason:
            return reason
    return None


def delete_account(user: User, password: str) -> None:
    """Delete a customer account after checking its password; orders keep only their accounting fields."""
    if not check_password_hash(user.password_hash, password or ""):
        raise AccountError("wrong_password")
    blocker = deletion_blocker(user)
    if blocker:
        raise AccountError(blocker)
    addresses = {user.email}
    for holder in personal_data.holders():
        addresses |= holder.erase(user)
    # Copies of emails sent to the account's addresses (they hold names, addresses and links).
    addresses.discard(None)
    addresses.discard("")
    if addresses:
        db.session.execute(delete(OutboxEmail).where(OutboxEmail.to.in_(sorted(addresses))))
    db.session.delete(user)  # tokens, recovery codes, consents and cart go with it (ON DELETE CASCADE)
    db.session.flush()
