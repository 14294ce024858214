"""An order's timeline in people's words: who changed what, when, from which state to which.

Reads the rows of orders/events.py (the order, its payment status, its parcels, its payment
rows and refunds) with the people who acted, in two queries, and labels every state.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from . import labels
from .events import OrderEvent

STATE_WORDS = {
    "order": labels.ORDER_STATUS,
    "payment_status": labels.PAYMENT_STATUS,
    "parcel": labels.FULFILMENT_STATUS,
    "payment": labels.PAYMENT_ROW_STATUS,
    "refund": labels.REFUND_STATUS,
}
# Subjects whose note names the thing that changed (the parcel's producer, the payment's provider).
NOTE_NAMES_SUBJECT = ("parcel", "payment")


@dataclass(frozen=True)
class Entry:
    """One line of the timeline, ready to show."""

    at: datetime
    who: str
    what: str
    from_state: str | None
    to_state: str
    note: str | None


def entries(order_id: int) -> list[Entry]:
    """The order's changes, oldest first, labelled for the current language."""
    events = list(db.session.scalars(
        select(OrderEvent).where(OrderEvent.order_id == order_id).order_by(OrderEvent.at, OrderEvent.id)))
    roles = _roles({event.actor_id for event in events if event.actor_id is not None})
    return [Entry(at=event.at, who=_who(event, roles), what=_what(event),
                  from_state=_state(event.subject, event.from_state) if event.from_state else None,
                  to_state=_state(event.subject, event.to_state),
                  note=None if event.subject in NOTE_NAMES_SUBJECT else event.note)
            for event in events]


def _roles(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(db.session.execute(select(User.id, User.role).where(User.id.in_(user_ids))).all())


def _who(event: OrderEvent, roles: dict[int, str]) -> str:
    if event.actor_id is not None:
        role = {"admin": _("office"), "producer": _("producer"), "customer": _("customer")}.get(
            roles.get(event.actor_id, ""))
        return f"{event.actor_label} ({role})" if role else event.actor_label
    label = event.actor_label
    if label.startswith("cron: "):
        return _("Scheduled job: %(name)s", name=label.removeprefix("cron: "))
    return {"system": _("The shop (automatic)"), "visitor": _("A visitor who was not signed in"),
            "stripe": _("Stripe (card payments)")}.get(label, label)


def _what(event: OrderEvent) -> str:
    if event.subject == "order":
        return _("Order")
    if event.subject == "payment_status":
        return _("Payment status")
    if event.subject == "parcel":
        return _("Parcel from %(producer)s", producer=event.note or "")
    if event.subject == "payment":
        return _("Payment #%(id)s (%(method)s)", id=event.subject_id, method=labels.payment_method(event.note or ""))
    return _("Refund #%(id)s", id=event.subject_id)


def _state(subject: str, code: str) -> str:
    return str(STATE_WORDS.get(subject, {}).get(code, code))
