"""Order emails (confirmation, shipped, cancelled) queued in the outbox, in the order's locale."""
from __future__ import annotations

from flask_babel import gettext as _

from .. import mail
from .models import Fulfilment, Order
from . import queries


def _queue(order: Order, template: str, subject: str, **context) -> None:
    mail.queue(order.email, template, subject, kind=template, order=order,
               link=queries.guest_link(order), **context)


def queue_confirmation(order: Order, transfer=None) -> None:
    """The order confirmation; `transfer` carries the bank details and QR for a bank transfer."""
    from .services import fulfilments_of, lines_of

    with mail.in_locale(order.locale):
        _queue(order, "order_confirmation", _("Your order %(number)s", number=order.number),
               lines=lines_of(order), parcels=fulfilments_of(order), transfer=transfer)


def queue_shipped(order: Order, fulfilment: Fulfilment) -> None:
    with mail.in_locale(order.locale):
        _queue(order, "order_shipped", _("A parcel of your order %(number)s is on its way", number=order.number),
               parcel=fulfilment)


def queue_cancelled(order: Order, refund: int = 0) -> None:
    with mail.in_locale(order.locale):
        _queue(order, "order_cancelled", _("Your order %(number)s is cancelled", number=order.number),
               refund=refund)


def queue_paid(order: Order) -> None:
    with mail.in_locale(order.locale):
        _queue(order, "order_paid", _("We received the payment for your order %(number)s", number=order.number))


def queue_parcel_dropped(order: Order, parcel: Fulfilment, refund: int, order_cancelled: bool) -> None:
    """A parcel was declined by its producer or not accepted in time: what happens now, in the buyer's language."""
    with mail.in_locale(order.locale):
        _queue(order, "parcel_dropped", _("A parcel of your order %(number)s is cancelled", number=order.number),
               parcel=parcel, refund=refund, order_cancelled=order_cancelled)
