"""Telling host and guest that the office cancelled a booking request.

The host's members get a portal notification (emailed to those with an address, in their own
language); the guest gets an email in the request's language when they gave an address. Both go
through the outbox, sent after the commit.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from .. import mail
from ..tourism.bookings import status_path
from ..tourism.experiences import BookingRequest
from ..producers.notifications import notify


def tell_cancelled(booking: BookingRequest) -> None:
    """Notify the host and email the guest about a request the office cancelled (product and producer loaded)."""
    product = booking.product
    notify(product.producer, "booking_cancelled", name=product.text("name", "vi"),
           day=booking.requested_on.strftime("%d/%m/%Y"), party=booking.party_size, reason=booking.office_reason)
    if not booking.email:
        return
    name = product.text("name", booking.locale)
    with mail.in_locale(booking.locale):
        subject = _("Your booking request for %(name)s was cancelled by the OCOP office", name=name)
        mail.queue(booking.email, "booking_cancelled", subject, kind="booking_cancelled", booking=booking,
                   experience_name=name, link=current_app.config["SITE_URL"] + status_path(booking))
