"""This producer's parcels: accept or decline (with a reason), ship (carrier and tracking number), deliver, record cash.

The state changes are the buying side's services (orders/fulfilment.py); the parcel is
always looked up through access.py first, so another producer's parcel is a 404.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...csrf import keeps_input
from ...orders import fulfilment as parcels
from ...orders import labels as order_labels
from ...orders.models import Order
from ...orders.services import OrderError
from ...payments import declines
from ...payments.services import PaymentError
from .. import access, parcel_emails
from ..blueprint import bp
from ..forms import ConfirmForm
from ..parcel_forms import CARRIERS, CashForm, DeclineParcelForm, ShipForm

SHOW = ("open", "pending", "accepted", "cash", "done")


@bp.get("/orders")
def orders(lang):
    show = request.args.get("show", "open")
    show = show if show in SHOW else "open"
    return render_template("producer/orders.html", parcels=access.own_parcels(show), show=show,
                           counts=access.own_parcel_counts(), cash_to_record=access.own_cash_to_record(),
                           order_labels=order_labels)


def _page(parcel, ship_form=None, cash_form=None, decline_form=None, status=200):
    ship_form = ship_form or ShipForm(formdata=None)
    cash_form = cash_form or CashForm(formdata=None, data={"amount": parcel.amount_due})
    decline_form = decline_form or DeclineParcelForm(formdata=None)
    return render_template("producer/order.html", parcel=parcel, order=parcel.order, confirm=ConfirmForm(),
                           ship_form=ship_form, cash_form=cash_form, decline_form=decline_form, carriers=CARRIERS,
                           order_labels=order_labels), status


@bp.get("/orders/<int:fulfilment_id>")
def order(lang, fulfilment_id):
    return _page(access.own_parcel_or_404(fulfilment_id))


def _done(parcel, message: str):
    flash(message, "success")
    return redirect(url_for("portal.order", fulfilment_id=parcel.id))


def _refused(parcel, error):
    db.session.rollback()
    flash(str(error), "error")
    return redirect(url_for("portal.order", fulfilment_id=parcel.id))


@bp.post("/orders/<int:fulfilment_id>/accept")
def order_accept(lang, fulfilment_id):
    parcel = access.own_parcel_or_404(fulfilment_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("portal.order", fulfilment_id=parcel.id))
    number = parcel.order.number
    try:
        parcels.accept(parcel)
        parcel_emails.queue_accepted(db.session.get(Order, parcel.order_id), parcel)
    except parcels.FulfilmentError as error:
        return _refused(parcel, error)
    db.session.commit()
    return _done(parcel, _("Order %(number)s accepted. The customer is told by email that you are preparing it.",
                           number=number))


@bp.post("/orders/<int:fulfilment_id>/decline")
@keeps_input
def order_decline(lang, fulfilment_id):
    parcel = access.own_parcel_or_404(fulfilment_id)
    form = DeclineParcelForm()
    if not form.validate_on_submit():
        return _page(parcel, decline_form=form, status=400)
    try:
        refund = declines.decline(parcel, form.reason.data)
    except (PaymentError, OrderError) as error:  # shipped or cancelled meanwhile, or no reason given
        return _refused(parcel, error)
    db.session.commit()
    message = _("Parcel declined: its units are back on sale and the customer is told why by email.")
    if refund:
        message += " " + _("The office will refund %(amount)s to the customer.", amount=_vnd(refund))
    return _done(parcel, message)


@bp.post("/orders/<int:fulfilment_id>/ship")
@keeps_input
def order_ship(lang, fulfilment_id):
    parcel = access.own_parcel_or_404(fulfilment_id)
    form = ShipForm()
    if not form.validate_on_submit():
        return _page(parcel, ship_form=form, status=400)
    try:
        parcels.ship(parcel, form.carrier.data, form.tracking_number.data)
    except parcels.FulfilmentError as error:
        return _refused(parcel, error)
    db.session.commit()
    return _done(parcel, _("Marked as shipped with %(carrier)s, tracking number %(tracking)s. The customer is told by email.",
                           carrier=parcel.carrier, tracking=parcel.tracking_number))


@bp.post("/orders/<int:fulfilment_id>/deliver")
def order_deliver(lang, fulfilment_id):
    parcel = access.own_parcel_or_404(fulfilment_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("portal.order", fulfilment_id=parcel.id))
    try:
        parcels.deliver(parcel)
        parcel_emails.queue_delivered(db.session.get(Order, parcel.order_id), parcel)
    except parcels.FulfilmentError as error:
        return _refused(parcel, error)
    db.session.commit()
    return _done(parcel, _("Marked as delivered. The customer is told by email."))


@bp.post("/orders/<int:fulfilment_id>/cash")
@keeps_input
def order_cash(lang, fulfilment_id):
    parcel = access.own_parcel_or_404(fulfilment_id)
    form = CashForm()
    if not form.validate_on_submit():
        return _page(parcel, cash_form=form, status=400)
    try:
        parcels.record_cash_collected(parcel, form.amount.data, recorded_by=current_user)
        parcel_emails.queue_cash_recorded(db.session.get(Order, parcel.order_id), parcel)
    except parcels.FulfilmentError as error:
        form.amount.errors = [str(error)]
        db.session.rollback()
        return _page(access.own_parcel_or_404(fulfilment_id), cash_form=form, status=400)
    db.session.commit()
    return _done(parcel, _("Cash of %(amount)s recorded. The customer gets a receipt by email.",
                           amount=_vnd(parcel.cash_collected)))


def _vnd(amount: int) -> str:
    from ...templating import vnd

    return vnd(amount)
