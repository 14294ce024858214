"""Order pages: a guest's secret link, a customer's history, cancelling before shipping."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..addresses import display_phone
from ..errors import render_error
from ..extensions import db
from ..form_fields import ActionForm
from ..i18n import register_language_prefix
from ..payments import services as payments
from ..payments import vietqr
from . import labels, personal_data, queries  # noqa: F401  (personal_data: registers what orders hold)
from .services import OrderError

bp = Blueprint("orders", __name__, url_prefix="/<lang>")
register_language_prefix(bp)


@bp.app_context_processor
def _order_words():
    return {"order_labels": labels, "display_phone": display_phone, "format_datetime": format_datetime}


def _order_or_error(number: str, token: str | None):
    """The order if this visitor may see it (owner, or a valid secret link), else an error response."""
    order = queries.by_number(number)
    if order is not None and current_user.is_authenticated and order.user_id == current_user.id:
        return order, True, None
    if order is None or not queries.token_matches(order, token):
        return None, False, render_error(404, _(
            "We could not find this order. Please check the link in your order email, or sign in to see your orders."))
    if queries.link_expired(order):
        return None, False, render_error(410, _(
            "This order link has expired. Please sign in, or contact us with your order number."))
    return order, False, None


@bp.get("/orders/<number>")
def show(lang, number):
    token = request.args.get("t")
    order, owner, error = _order_or_error(number, token)
    if error:
        return error
    transfer = None
    if order.payment_method == "bank_transfer" and order.payment_status == "pending" and not order.is_cancelled:
        transfer = vietqr.transfer_for(order, current_app.config)
    return render_template("orders/show.html", order=order, owner=owner, token=token, transfer=transfer,
                           masked_phone=queries.masked_phone(order.phone), form=ActionForm(t=token),
                           card_state=request.args.get("card"))


@bp.post("/orders/<number>/cancel")
def cancel(lang, number):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    order, _owner, error = _order_or_error(number, form.t.data)
    if error:
        return error
    try:
        refund = payments.cancel_order(order, reason="customer")
    except OrderError as failure:
        db.session.rollback()
        flash(str(failure), "error")
    else:
        db.session.commit()
        flash(_("Your order is cancelled. We will refund the payment.") if refund
              else _("Your order is cancelled."), "success")
    return redirect(_page(order, form.t.data, lang))


def _page(order, token: str | None, lang: str) -> str:
    if token:
        return queries.guest_path(order, lang)
    return url_for("orders.show", number=order.number)


@bp.get("/account/orders")
@login_required
def history(lang):
    return render_template("orders/history.html", orders=queries.for_user(current_user.id))
