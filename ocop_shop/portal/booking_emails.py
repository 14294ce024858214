"""The email to a guest when the producer answers their booking request (only if they gave an address).

In the request's language, through the outbox, with the link to their status page.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from .. import mail
from ..tourism.bookings import status_path
from ..tourism.experiences import BookingRequest


def queue_answer(booking: BookingRequest) -> None:
    """Queue the 'accepted' or 'declined' email for an answered request that has an email address."""
    if not booking.email or booking.status not in ("accepted", "declined"):
        return
    name = booking.product.text("name", booking.locale)
    with mail.in_locale(booking.locale):
        subject = (_("Your booking request for %(name)s is accepted", name=name) if booking.status == "accepted"
                   else _("Your booking request for %(name)s is declined", name=name))
        mail.queue(booking.email, f"booking_{booking.status}", subject, kind=f"booking_{booking.status}",
                   booking=booking, experience_name=name, link=current_app.config["SITE_URL"] + status_path(booking))
