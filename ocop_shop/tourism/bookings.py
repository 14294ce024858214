"""Booking requests for experiences: send, cancel, accept, decline; the experience's facts.

Services flush, never commit. Notifying the producer and emailing the requester are the
page layers' part (places sits above producers, whose `notify` does the former).
"""
from __future__ import annotations

import hmac
import secrets
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select, update

from .. import audit
from ..extensions import db
from ..text import normalize
from ..types import utcnow
from .experiences import EXPERIENCE_FIELDS, BookingRequest, Experience

BOOKING_MONTHS = 12  # requests are taken for a day from today to a year ahead


class BookingError(ValueError):
    """A refused booking change; str(error) is shown to the user."""


def booking_window(today: date) -> tuple[date, date]:
    """The first and last day a party may ask for (today in Asia/Ho_Chi_Minh, then 12 months)."""
    try:
        last = today.replace(year=today.year + BOOKING_MONTHS // 12)
    except ValueError:  # 29 February
        last = today.replace(year=today.year + BOOKING_MONTHS // 12, day=28)
    return today, last


def experience_for(product_id: int) -> Experience | None:
    """The experience facts of a product, if it has them."""
    return db.session.scalar(select(Experience).where(Experience.product_id == product_id))


def request_booking(product, experience: Experience, *, requested_on: date, party_size: int, contact_name: str,
                    phone: str, email: str | None, message: str, locale: str,
                    user_id: int | None = None) -> BookingRequest:
    """Record a new request for the product's experience (the form has checked the values)."""
    if not 1 <= party_size <= experience.max_party:
        raise BookingError(_("This experience takes up to %(num)d people.", num=experience.max_party))
    booking = BookingRequest(
        product_id=product.id, producer_id=product.producer_id, user_id=user_id, requested_on=requested_on,
        party_size=party_size, contact_name=normalize(contact_name), phone=phone,
        email=normalize(email).lower() or None, message=normalize(message), locale=locale,
        access_token=secrets.token_urlsafe(32))
    db.session.add(booking)
    db.session.flush()
    return booking


def booking_by_id(booking_id: int, *options) -> BookingRequest | None:
    """A booking request by id, with the loader options its page needs."""
    return db.session.scalar(select(BookingRequest).where(BookingRequest.id == booking_id).options(*options))


def status_path(booking: BookingRequest, lang: str | None = None) -> str:
    """The requester's status page with its secret token: /<lang>/bookings/<id>?t=<token>."""
    return f"/{lang or booking.locale}/bookings/{booking.id}?t={booking.access_token}"


def token_matches(booking: BookingRequest, token: str | None) -> bool:
    """Whether a status link's token is this request's secret (compared in constant time)."""
    return bool(token) and hmac.compare_digest(booking.access_token.encode(), str(token).encode())


def _close(booking: BookingRequest, status: str, reply: str = "", **extra) -> None:
    """Answer or cancel a request that is still new: a conditional UPDATE, so when the host
    answers while the guest (or the office) cancels, or two members answer at once, exactly one wins."""
    closed = db.session.execute(
        update(BookingRequest).where(BookingRequest.id == booking.id, BookingRequest.status == "new")
        .values(status=status, reply=normalize(reply), decided_at=utcnow(), **extra)
        .execution_options(synchronize_session=False))
    db.session.refresh(booking, ["status", "reply", "decided_at", *extra])
    if closed.rowcount != 1:
        raise BookingError(_("This request was already answered or cancelled; nothing was changed."))


def cancel(booking: BookingRequest) -> None:
    """The requester withdraws a request the producer has not answered yet."""
    _close(booking, "cancelled")


def cancel_by_office(booking: BookingRequest, reason: str, by) -> None:
    """The OCOP office cancels a request nobody has answered yet, with a reason host and guest are
    told; audited as `booking.cancel` (`by`: the office user, None for a command)."""
    reason = normalize(reason)
    if not reason:
        raise BookingError(_("Please give the reason: the host and the guest are told."))
    _close(booking, "cancelled", office_reason=reason)
    audit.record(by, "booking.cancel", booking, changes={"status": ("new", "cancelled")}, reason=reason,
                 label=f"{booking.contact_name}, {booking.requested_on:%d/%m/%Y}")


def accept(booking: BookingRequest, reply: str = "") -> None:
    """The producer accepts a new request, with an optional message to the requester."""
    _close(booking, "accepted", reply)


def decline(booking: BookingRequest, reply: str) -> None:
    """The producer declines a new request; the requester is told why."""
    if not normalize(reply):
        raise BookingError(_("Please tell the guest why, so they can choose another day."))
    _close(booking, "declined", reply)


def save_experience(product_id: int, content: dict, max_party: int) -> Experience:
    """Create or update a product's experience facts; vi includes and duration are required."""
    cleaned = {lang: {f: normalize(v) for f, v in values.items() if f in EXPERIENCE_FIELDS and normalize(v)}
               for lang, values in content.items()}
    cleaned = {lang: values for lang, values in cleaned.items() if values}
    if not all(cleaned.get("vi", {}).get(f) for f in ("includes", "duration")):
        raise BookingError(_("Please describe what is included and how long it lasts, in Vietnamese."))
    experience = experience_for(product_id) or Experience(product_id=product_id)
    experience.content, experience.max_party = cleaned, max_party
    db.session.add(experience)
    db.session.flush()
    return experience
