"""What a producer does with its parcel of an order: accept, ship, deliver, record cash.

The producer portal calls these (after checking the parcel is the producer's own, through
portal/access.py). Plain functions with explicit arguments: they flush, never commit, and
raise FulfilmentError whose str() is a translated message for the producer.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..i18n import current_lang
from ..text import normalize
from ..types import utcnow
from ..money import format_vnd
from . import emails, labels, services, states
from .models import Fulfilment, Order


class FulfilmentError(services.OrderError):
    """A parcel rule refused the change; str(error) is shown to the producer."""


def _order(fulfilment: Fulfilment) -> Order:
    return db.session.get(Order, fulfilment.order_id)


def _move(fulfilment: Fulfilment, new: str, at: datetime | None) -> None:
    if not states.allowed("fulfilment", fulfilment.status, new):
        raise FulfilmentError(_l("This parcel is %(status)s, so it cannot be marked that way.",
                                 status=labels.fulfilment_status(fulfilment.status)))
    services.set_fulfilment_status(fulfilment, new, at)


def accept(fulfilment: Fulfilment, *, at: datetime | None = None) -> Fulfilment:
    """The producer takes on the parcel (pending → accepted)."""
    order = _order(fulfilment)
    if order.status == "cancelled":
        raise FulfilmentError(_l("This order was cancelled; there is nothing to prepare."))
    _move(fulfilment, "accepted", at)
    services.advance(order, at)
    return fulfilment


def ship(fulfilment: Fulfilment, carrier: str, tracking_number: str, *, at: datetime | None = None) -> Fulfilment:
    """Hand the parcel to a carrier; prepaid orders must be paid first (cash on delivery may ship unpaid)."""
    order = _order(fulfilment)
    carrier, tracking_number = normalize(carrier), normalize(tracking_number)
    if not carrier or not tracking_number:
        raise FulfilmentError(_l("Please give the carrier and the tracking number."))
    if len(carrier) > 80 or len(tracking_number) > 80:
        raise FulfilmentError(_l("The carrier and the tracking number must be at most 80 characters."))
    if order.payment_method != "cod" and order.payment_status != "paid":
        raise FulfilmentError(_l("This order is not paid yet. Please wait for the payment before shipping."))
    _move(fulfilment, "shipped", at)
    fulfilment.carrier, fulfilment.tracking_number = carrier, tracking_number
    services.advance(order, at)
    emails.queue_shipped(order, fulfilment)
    return fulfilment


def deliver(fulfilment: Fulfilment, *, at: datetime | None = None) -> Fulfilment:
    """The buyer received the parcel (shipped → delivered)."""
    order = _order(fulfilment)
    _move(fulfilment, "delivered", at)
    services.advance(order, at)
    return fulfilment


def record_cash_collected(fulfilment: Fulfilment, amount: int, recorded_by=None, *,
                          at: datetime | None = None) -> Fulfilment:
    """Cash on delivery: record the cash collected for this parcel (exactly what it costs)."""
    order = _order(fulfilment)
    if order.payment_method != "cod":
        raise FulfilmentError(_l("This order is not paid by cash on delivery."))
    if fulfilment.status not in ("shipped", "delivered"):
        raise FulfilmentError(_l("Cash can be recorded only for a parcel that has shipped."))
    if fulfilment.cash_collected is not None:
        raise FulfilmentError(_l("The cash for this parcel is already recorded."))
    if not isinstance(amount, int) or isinstance(amount, bool) or amount != fulfilment.amount_due:
        raise FulfilmentError(_l("The amount must be exactly what the parcel costs: %(amount)s.",
                                 amount=format_vnd(fulfilment.amount_due, current_lang())))
    at = at or utcnow()
    fulfilment.cash_collected, fulfilment.cash_collected_at = amount, at
    fulfilment.cash_recorded_by_id = getattr(recorded_by, "id", None)
    db.session.flush()
    active = [f for f in services.fulfilments_of(order) if f.status != "cancelled"]
    if all(f.cash_collected is not None for f in active) and order.payment_status == "unpaid":
        services.set_payment_status(order, "paid", at)
    services.advance(order, at)
    return fulfilment
