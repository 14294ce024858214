"""Orders in the back office: the list with filters and search, an order's page with its timeline,
recording a bank transfer for it, and cancelling it on the buyer's behalf."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ...csrf import keeps_input
from ...extensions import db
from ...orders import admin_queries, queries, timeline
from ...orders.models import Order
from ...orders.services import CANCELLABLE, SHIPPED, OrderError
from ...payments import queries as money
from ...payments import services as payments
from ..blueprint import bp
from ..forms.orders import CancelOrderForm, OrderFilterForm
from ..forms.transfers import TransferForm
from .transfers import say_recorded

# A transfer can still be recorded while the order waits for it, or after its time ran out (a late payment).
TRANSFER_STATES = ("unpaid", "pending", "expired")


@bp.get("/orders")
def orders(lang):
    form = OrderFilterForm(admin_queries.producer_choices(), formdata=request.args)
    found = admin_queries.search(form.filters(), request.args.get("page", 1, type=int))
    waiting = db.session.scalar(select(func.count(Order.id)).where(
        Order.payment_method == "bank_transfer", Order.payment_status == "pending", Order.status != "cancelled"))
    return render_template("admin/orders/list.html", form=form, found=found, args=form.args(),
                           waiting_transfers=waiting, refunds_page="admin.refunds" in current_app.view_functions)


def _order_or_404(number: str) -> Order:
    order = queries.by_number(number)
    if order is None:
        abort(404)
    return order


@bp.get("/orders/<number>")
def order(lang, number):
    return _page(_order_or_404(number))


def _page(order: Order, cancel_form=None, transfer_form=None, status: int = 200):
    shipped = any(parcel.status in SHIPPED for parcel in order.fulfilments)
    paid = order.payment_status in ("paid", "partially_refunded") or any(
        parcel.cash_collected for parcel in order.fulfilments)
    return render_template(
        "admin/orders/order.html", order=order, timeline=timeline.entries(order.id),
        payments=money.payments_of(order.id), refund_requests=money.refund_requests_of(order.id),
        can_cancel=order.status in CANCELLABLE and not shipped,
        can_record_transfer=order.payment_method == "bank_transfer" and order.payment_status in TRANSFER_STATES,
        refund_link="admin.refund_new" in current_app.view_functions and paid,
        cancel_form=cancel_form or CancelOrderForm(formdata=None),
        transfer_form=transfer_form or TransferForm(formdata=None)), status


@bp.post("/orders/<number>/cancel")
@keeps_input
def order_cancel(lang, number):
    order = _order_or_404(number)
    form = CancelOrderForm()
    if not form.validate_on_submit():
        return _page(order, cancel_form=form, status=400)
    try:
        refund = payments.cancel_for_buyer(order, form.reason.data, current_user)
    except (OrderError, payments.PaymentError) as error:
        db.session.rollback()
        form.reason.errors.append(str(error))
        return _page(_order_or_404(number), cancel_form=form, status=409)
    db.session.commit()
    flash(_("Order %(number)s is cancelled and its stock is back on sale. The buyer is told by email.",
            number=order.number) + (" " + _("A refund is now owed.") if refund else ""), "success")
    return redirect(url_for("admin.order", number=order.number))


@bp.post("/orders/<number>/transfer")
@keeps_input
def order_transfer(lang, number):
    order = _order_or_404(number)
    form = TransferForm()
    if not form.validate_on_submit():
        return _page(order, transfer_form=form, status=400)
    try:
        payment = payments.confirm_transfer(order, form.amount.data, form.reference.data, current_user)
    except payments.PaymentError as error:
        db.session.rollback()
        form.reference.errors.append(str(error))
        return _page(_order_or_404(number), transfer_form=form, status=409)
    db.session.commit()
    say_recorded(order, payment)
    return redirect(url_for("admin.order", number=order.number))
