"""A customer's own data (Law 91/2025/QH15): download it, choose about marketing email, delete the account.

This module sits on top of the domains, like a page layer: it reads and anonymizes the
account's orders and booking requests, so it imports orders and places (no model imports it).

Deleting an account removes the account row with its tokens, consents, cart and two-factor
data; its orders keep only what accounting needs (docs/DECISIONS.md, the privacy page): the
order number, dates, states, payment method, amounts, lines, parcels and the province and ward
of delivery. The buyer's name, phone, email, street and note are erased, the order's private
link stops working, and booking requests lose their contact details and message.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import selectinload
from werkzeug.security import check_password_hash

from ..extensions import db
from ..mail import OutboxEmail
from ..orders.events import OrderEvent
from ..orders.models import Order
from ..tourism.experiences import BookingRequest
from ..timeutil import local_today
from ..types import utcnow
from .models import MarketingConsent, User
from .services import AccountError

OPEN_ORDER_STATES = ("placed", "in_progress", "shipped")
REFUND_OWED = ("paid", "partially_refunded")  # a cancelled order in these payment states still owes a refund
DELETED_LABEL = "deleted account"


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
    orders = db.session.scalars(select(Order).where(Order.user_id == user.id).options(selectinload(Order.lines))
                                .order_by(Order.placed_at, Order.id)).all()
    bookings = db.session.scalars(select(BookingRequest).where(BookingRequest.user_id == user.id)
                                  .options(selectinload(BookingRequest.product))
                                  .order_by(BookingRequest.created_at, BookingRequest.id)).all()
    consents = db.session.scalars(select(MarketingConsent).where(MarketingConsent.user_id == user.id)
                                  .order_by(MarketingConsent.at, MarketingConsent.id)).all()
    return {
        "exported_at": utcnow().isoformat(),
        "account": {
            "name": user.name, "email": user.email, "phone": user.phone, "language": user.locale,
            "role": user.role, "created_at": _iso(user.created_at),
            "email_verified_at": _iso(user.email_verified_at),
            "two_step_sign_in": user.has_two_factor,
        },
        "addresses": _addresses(orders),
        "orders": [_order(order) for order in orders],
        "booking_requests": [_booking(booking) for booking in bookings],
        "consents": {
            "marketing_email": [{"given": c.granted, "source": c.source, "at": _iso(c.at)} for c in consents],
            "age_declarations": [{"order": o.number, "at": _iso(o.age_declared_at)}
                                 for o in orders if o.age_declared_at],
        },
    }


def _address(order: Order) -> dict:
    return {"name": order.contact_name, "phone": order.phone, "email": order.email, "street": order.street,
            "ward": order.ward_name, "province": order.province_name}


def _addresses(orders) -> list[dict]:
    seen: list[dict] = []
    for order in orders:
        address = _address(order)
        if address not in seen:
            seen.append(address)
    return seen


def _order(order: Order) -> dict:
    return {
        "number": order.number, "placed_at": _iso(order.placed_at), "status": order.status,
        "payment_method": order.payment_method, "payment_status": order.payment_status,
        "paid_at": _iso(order.paid_at), "cancelled_at": _iso(order.cancelled_at),
        "delivery": _address(order), "note": order.note,
        "subtotal": order.subtotal, "discount": order.discount, "shipping": order.shipping, "total": order.total,
        "currency": "VND",
        "lines": [{"product": line.product_name, "producer": line.producer_name, "unit": line.unit,
                   "quantity": line.quantity, "unit_price": line.unit_price, "line_total": line.line_total}
                  for line in order.lines],
    }


def _booking(booking: BookingRequest) -> dict:
    return {
        "experience": booking.product.text("name", booking.locale), "day": booking.requested_on.isoformat(),
        "party_size": booking.party_size, "name": booking.contact_name, "phone": booking.phone,
        "email": booking.email, "message": booking.message, "status": booking.status, "reply": booking.reply,
        "sent_at": _iso(booking.created_at),
    }


# -- deletion --

def deletion_blocker(user: User) -> str | None:
    """Why the account cannot be deleted now (a code), or None.

    Office and producer accounts are closed by the office (their records belong to the office
    and to a producer); a customer first lets open orders finish (the parcel needs the address),
    waits for any refund still owed, and for booking requests still to come.
    """
    if user.role != "customer":
        return "not_customer"
    open_order = db.session.scalar(select(Order.id).where(Order.user_id == user.id, or_(
        Order.status.in_(OPEN_ORDER_STATES),
        (Order.status == "cancelled") & Order.payment_status.in_(REFUND_OWED))).limit(1))
    if open_order is not None:
        return "open_orders"
    open_booking = db.session.scalar(select(BookingRequest.id).where(
        BookingRequest.user_id == user.id, BookingRequest.status.in_(("new", "accepted")),
        BookingRequest.requested_on >= local_today()).limit(1))
    if open_booking is not None:
        return "open_bookings"
    return None


def delete_account(user: User, password: str) -> None:
    """Delete a customer account after checking its password; orders keep only their accounting fields."""
    if not check_password_hash(user.password_hash, password or ""):
        raise AccountError("wrong_password")
    blocker = deletion_blocker(user)
    if blocker:
        raise AccountError(blocker)
    addresses = {user.email} | set(db.session.scalars(select(Order.email).where(Order.user_id == user.id)))
    addresses |= set(db.session.scalars(select(BookingRequest.email).where(BookingRequest.user_id == user.id)))
    for order_id in db.session.scalars(select(Order.id).where(Order.user_id == user.id)).all():
        db.session.execute(update(Order).where(Order.id == order_id).values(
            user_id=None, contact_name="", phone="", email="", street="", note="",
            access_token=secrets.token_urlsafe(32)))
    # The order timelines name the account where it acted (a cancellation): keep the step, not the name.
    db.session.execute(update(OrderEvent).where(OrderEvent.actor_id == user.id)
                       .values(actor_id=None, actor_label=DELETED_LABEL))
    for booking_id in db.session.scalars(select(BookingRequest.id).where(BookingRequest.user_id == user.id)).all():
        db.session.execute(update(BookingRequest).where(BookingRequest.id == booking_id).values(
            user_id=None, contact_name="", phone="", email=None, message="", access_token=secrets.token_urlsafe(32)))
    # Copies of emails sent to the account's addresses (they hold names, addresses and links).
    addresses.discard(None)
    addresses.discard("")
    if addresses:
        db.session.execute(delete(OutboxEmail).where(OutboxEmail.to.in_(sorted(addresses))))
    db.session.delete(user)  # tokens, recovery codes, consents and cart go with it (ON DELETE CASCADE)
    db.session.flush()
