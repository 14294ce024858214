"""Booking requests for this producer's experiences (accept or decline with a message), and the
experience facts of its group-6 products. Every row comes through access.py."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...addresses import display_phone
from ...csrf import keeps_input
from ...extensions import db
from ...tourism import bookings
from ...timeutil import local_today
from .. import access, booking_emails
from ..blueprint import bp
from ..booking_forms import AcceptBookingForm, DeclineBookingForm, ExperienceForm

SHOW = ("open", "all")


@bp.get("/bookings", endpoint="bookings")
def bookings_page(lang):
    today = local_today()
    show = request.args.get("show", "open")
    show = show if show in SHOW else "open"
    return render_template("producer/bookings.html", bookings=access.own_bookings(today, show), show=show,
                           counts=access.own_booking_counts(today), today=today)


def _page(booking, accept_form=None, status=200):
    return render_template("producer/booking.html", booking=booking, product=booking.product,
                           accept_form=accept_form or AcceptBookingForm(formdata=None),
                           display_phone=display_phone), status


@bp.get("/bookings/<int:booking_id>")
def booking(lang, booking_id):
    return _page(access.own_booking_or_404(booking_id, local_today()))


def _refused(booking):
    flash(_("This request was already answered or cancelled; nothing was changed."), "error")
    return redirect(url_for("portal.booking", booking_id=booking.id))


def _answer(found, close, reply: str, said: str):
    """Write the host's answer (accept or decline), email the guest and say so; refused if no longer new."""
    try:
        close(found, reply)
    except bookings.BookingError:  # the guest cancelled, or another member answered, meanwhile
        return _refused(found)
    booking_emails.queue_answer(found)
    db.session.commit()
    flash(said, "success")
    return redirect(url_for("portal.booking", booking_id=found.id))


@bp.post("/bookings/<int:booking_id>/accept")
@keeps_input
def booking_accept(lang, booking_id):
    found = access.own_booking_or_404(booking_id, local_today())
    if not found.is_open:
        return _refused(found)
    form = AcceptBookingForm()
    if form.validate_on_submit():
        said = (_("Request accepted. %(name)s sees it on their request page and gets your message by email.",
                  name=found.contact_name) if found.email else
                _("Request accepted. %(name)s sees it on their request page (they gave no email: call them if needed).",
                  name=found.contact_name))
        return _answer(found, bookings.accept, form.reply.data or "", said)
    return _page(found, accept_form=form, status=400)


@bp.route("/bookings/<int:booking_id>/decline", methods=["GET", "POST"])
@keeps_input
def booking_decline(lang, booking_id):
    found = access.own_booking_or_404(booking_id, local_today())
    if not found.is_open:
        return _refused(found)
    form = DeclineBookingForm()
    if form.validate_on_submit():
        said = (_("Request declined. %(name)s sees it on their request page and gets your message by email.",
                  name=found.contact_name) if found.email else
                _("Request declined. %(name)s sees it on their request page (they gave no email).",
                  name=found.contact_name))
        return _answer(found, bookings.decline, form.reply.data, said)
    return render_template("producer/booking_decline.html", booking=found, product=found.product, form=form), (
        400 if form.errors else 200)


@bp.route("/products/<int:product_id>/experience", methods=["GET", "POST"])
@keeps_input
def product_experience(lang, product_id):
    product = access.own_experience_product_or_404(product_id)
    form = ExperienceForm.from_experience(access.own_experience(product))
    if form.validate_on_submit():
        bookings.save_experience(product.id, form.content(), form.max_party.data)
        db.session.commit()
        flash(_("Experience details saved. The product page shows them at once."), "success")
        return redirect(url_for("portal.product_experience", product_id=product.id))
    return render_template("producer/experience_form.html", product=product, form=form), 400 if form.errors else 200
