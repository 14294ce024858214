"""What booking requests hold about a customer account: its download section, when it must stay,
how it is erased (contact details and message go). Registered with accounts/personal_data.py
(imported by tourism/views.py)."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.personal_data import Holder, register
from ..extensions import db
from ..timeutil import local_today
from .experiences import BookingRequest


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict:
    """The account's booking requests."""
    bookings = db.session.scalars(select(BookingRequest).where(BookingRequest.user_id == user.id)
                                  .options(selectinload(BookingRequest.product))
                                  .order_by(BookingRequest.created_at, BookingRequest.id)).all()
    return {"booking_requests": [_booking(booking) for booking in bookings]}


def _booking(booking: BookingRequest) -> dict:
    return {
        "experience": booking.product.text("name", booking.locale), "day": booking.requested_on.isoformat(),
        "party_size": booking.party_size, "name": booking.contact_name, "phone": booking.phone,
        "email": booking.email, "message": booking.message, "status": booking.status, "reply": booking.reply,
        "sent_at": _iso(booking.created_at),
    }


def blocker(user: User) -> str | None:
    """'open_bookings' while a booking request (new or accepted) is still to come."""
    open_booking = db.session.scalar(select(BookingRequest.id).where(
        BookingRequest.user_id == user.id, BookingRequest.status.in_(("new", "accepted")),
        BookingRequest.requested_on >= local_today()).limit(1))
    return "open_bookings" if open_booking is not None else None


def erase(user: User) -> set:
    """Remove the contact details and message of the account's booking requests."""
    emails = set(db.session.scalars(select(BookingRequest.email).where(BookingRequest.user_id == user.id)))
    for booking_id in db.session.scalars(select(BookingRequest.id).where(BookingRequest.user_id == user.id)).all():
        db.session.execute(update(BookingRequest).where(BookingRequest.id == booking_id).values(
            user_id=None, contact_name="", phone="", email=None, message="", access_token=secrets.token_urlsafe(32)))
    return emails


register(Holder("bookings", export, blocker, erase))
