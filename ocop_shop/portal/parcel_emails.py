"""Emails to the buyer when a producer moves their parcel (accepted, delivered, cash recorded).

The buying side's orders/emails.py sends the "shipped" email from fulfilment.ship(); these
cover the other steps the portal drives, in the order's language, through the outbox.
"""
from __future__ import annotations

from flask_babel import gettext as _

from .. import mail
from ..orders import queries
from ..orders.models import Fulfilment, Order


def _queue(order: Order, parcel: Fulfilment, template: str, subject: str) -> None:
    mail.queue(order.email, template, subject, kind=template, order=order, parcel=parcel,
               link=queries.guest_link(order))


def queue_accepted(order: Order, parcel: Fulfilment) -> None:
    with mail.in_locale(order.locale):
        _queue(order, parcel, "parcel_accepted",
               _("%(producer)s is preparing your parcel (order %(number)s)", producer=parcel.producer_name,
                 number=order.number))


def queue_delivered(order: Order, parcel: Fulfilment) -> None:
    with mail.in_locale(order.locale):
        _queue(order, parcel, "parcel_delivered",
               _("Your parcel from %(producer)s is delivered (order %(number)s)", producer=parcel.producer_name,
                 number=order.number))


def queue_cash_recorded(order: Order, parcel: Fulfilment) -> None:
    with mail.in_locale(order.locale):
        _queue(order, parcel, "parcel_cash",
               _("Receipt: cash paid for your parcel from %(producer)s (order %(number)s)",
                 producer=parcel.producer_name, number=order.number))
