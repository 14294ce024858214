"""Booking an experience: the form on its product page, the requester's status page, cancelling.

The product page (catalog) shows the booking area through the `booking_box` template global this
blueprint registers, so catalog never imports tourism.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from .. import ratelimits
from ..catalog import queries as catalog_queries
from ..catalog.models import Product
from ..catalog.season import month_name, season_label
from ..catalog.views import product_context
from ..addresses import display_phone
from ..csrf import keeps_input
from ..extensions import db
from ..i18n import register_language_prefix
from ..producers.models import Producer
from ..producers.notifications import notify
from . import bookings, personal_data  # noqa: F401  (personal_data: registers what bookings hold)
from .bookings import BookingError
from .experiences import BookingRequest
from .forms import BookingForm, CancelBookingForm

bp = Blueprint("tourism", __name__, url_prefix="/<lang>")
register_language_prefix(bp)
bp.add_app_template_global(month_name)
bp.add_app_template_global(season_label)


@bp.app_template_global()
def booking_box(product, form: BookingForm | None = None) -> dict:
    """The product page's booking area: the experience's facts and, when it has them, the form."""
    experience = bookings.experience_for(product.id)
    if experience is None:
        return {"experience": None, "booking_form": None}
    form = form or BookingForm(formdata=None)
    return {"experience": experience, "booking_form": form.for_experience(experience.max_party)}


def _bookable_or_404(slug: str):
    """A public group-6 product (approved producer) with its experience facts, or 404."""
    product = catalog_queries.public_product(slug)
    experience = bookings.experience_for(product.id) if product and product.category.is_experience else None
    if experience is None:
        abort(404)
    return product, experience


@bp.post("/products/<slug>/booking")
@ratelimits.posts(ratelimits.BOOKING)
@keeps_input
def book(lang, slug):
    product, experience = _bookable_or_404(slug)
    form = BookingForm().for_experience(experience.max_party)
    if form.validate_on_submit():
        booking = bookings.request_booking(
            product, experience, requested_on=form.requested_on.data, party_size=form.party_size.data,
            contact_name=form.contact_name.data, phone=form.phone_e164, email=form.email.data,
            message=form.message.data or "", locale=lang,
            user_id=current_user.id if current_user.is_authenticated else None)
        producer = db.session.get(Producer, product.producer_id)
        notify(producer, "booking_new", name=product.text("name", "vi"),
               day=booking.requested_on.strftime("%d/%m/%Y"), party=booking.party_size)
        sent = _("Your request is sent to %(producer)s.", producer=producer.name)
        db.session.commit()
        flash(sent, "success")
        return redirect(bookings.status_path(booking, lang))
    return render_template("catalog/product.html", **product_context(product), booking_form_sent=form), 400


def _requester_booking_or_404(booking_id: int, token: str | None):
    """The request if this visitor may see it (its secret link, or the signed-in requester)."""
    booking = bookings.booking_by_id(booking_id, joinedload(BookingRequest.product).joinedload(Product.producer))
    if booking is None:
        abort(404)
    owner = current_user.is_authenticated and booking.user_id == current_user.id
    if not owner and not bookings.token_matches(booking, token):
        abort(404)
    return booking


@bp.get("/bookings/<int:booking_id>")
def booking(lang, booking_id):
    token = request.args.get("t")
    found = _requester_booking_or_404(booking_id, token)
    return render_template("tourism/booking_status.html", booking=found, product=found.product,
                           token=token if bookings.token_matches(found, token) else None,
                           display_phone=display_phone)


@bp.route("/bookings/<int:booking_id>/cancel", methods=["GET", "POST"])
def booking_cancel(lang, booking_id):
    token = request.values.get("t")
    found = _requester_booking_or_404(booking_id, token)
    back = url_for("tourism.booking", booking_id=found.id, t=token) if token else url_for(
        "tourism.booking", booking_id=found.id)
    form = CancelBookingForm(t=token)
    if form.validate_on_submit():
        try:
            bookings.cancel(found)
        except BookingError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Your request is cancelled. The host is no longer waiting for you."), "success")
        return redirect(back)
    if not found.is_open:
        flash(_("This request was already answered or cancelled; nothing was changed."), "info")
        return redirect(back)
    return render_template("tourism/booking_cancel.html", booking=found, product=found.product, form=form,
                           back=back)
