"""Booking requests for experiences: every request with its state, one request's page, and the
office cancelling a request nobody has answered (host and guest are told, the change audited)."""
from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...addresses import display_phone
from ...csrf import keeps_input
from ...extensions import db
from ...tourism import bookings
from ...types import utcnow
from .. import booking_emails, booking_list
from ..audit_labels import action_label, object_url
from ..blueprint import bp
from ..forms.bookings import BookingFilterForm, CancelBookingForm

STATE_LABELS = {"new": _l("Waiting for the host"), "accepted": _l("Accepted"), "declined": _l("Declined by the host"),
                "cancelled": _l("Cancelled by the guest")}
OFFICE_CANCELLED = _l("Cancelled by the OCOP office")


def booking_state(booking) -> str:
    """A booking request's state in words, saying who cancelled it."""
    if booking.status == "cancelled" and booking.office_reason:
        return str(OFFICE_CANCELLED)
    return str(STATE_LABELS.get(booking.status, booking.status))


def _language_name(code: str) -> str:
    """A language's own name in the page's language ("Tiếng Việt", "English")."""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


def _page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.get("/bookings", endpoint="bookings")
def bookings_page(lang):
    form = BookingFilterForm(request.args).with_choices(*booking_list.filter_choices(lang))
    form.validate()
    now = utcnow()
    found = booking_list.booking_list(form.value("state"), form.value("producer"), form.value("experience"),
                                      _page_number(), now)
    args = {name: form.value(name) for name in ("state", "producer", "experience") if form.value(name)}
    return render_template("admin/bookings/list.html", form=form, found=found, args=args,
                           late_before=now - booking_list.LATE_BOOKING, booking_state=booking_state)


def _booking_or_404(booking_id: int):
    found = bookings.booking_by_id(booking_id, booking_list.with_product())
    if found is None:
        abort(404)
    return found


def _page(found, form=None, status=200):
    return render_template("admin/bookings/booking.html", booking=found, product=found.product,
                           form=form or CancelBookingForm(formdata=None), history=booking_list.history(found),
                           display_phone=display_phone, booking_state=booking_state,
                           admin_url=object_url, audit_action=action_label,
                           language_name=_language_name), status


@bp.get("/bookings/<int:booking_id>", endpoint="booking")
def booking_page(lang, booking_id):
    return _page(_booking_or_404(booking_id))


@bp.post("/bookings/<int:booking_id>/cancel", endpoint="booking_cancel")
@keeps_input
def booking_cancel(lang, booking_id):
    found = _booking_or_404(booking_id)
    form = CancelBookingForm()
    if not found.is_open:
        flash(_("This request was already answered or cancelled; nothing was changed."), "error")
        return redirect(url_for("admin.booking", booking_id=found.id))
    if form.validate_on_submit():
        try:
            bookings.cancel_by_office(found, form.reason.data, current_user)
        except bookings.BookingError as error:  # the host answered or the guest cancelled meanwhile
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("admin.booking", booking_id=found.id))
        booking_emails.tell_cancelled(found)
        db.session.commit()
        flash(_("Request cancelled. The host and the guest are told."), "success")
        return redirect(url_for("admin.booking", booking_id=found.id))
    return _page(found, form, 400)
