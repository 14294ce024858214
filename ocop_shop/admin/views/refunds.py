"""Refunds: refunds to make and recent ones; refunding an order by card (Stripe) or by bank transfer.

The refund page asks twice: the first press shows the amount to confirm, nothing written; the
second records it. A Stripe refund is committed as pending before Stripe is called (commit, call,
commit), so a timeout leaves a row the office can send again under the same idempotency key.
"""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ...accounts.reauth import recent_password_required
from ...csrf import keeps_input
from ...extensions import db
from ...money import format_vnd
from ...orders import queries
from ...orders.labels import REFUND_REASONS, REFUND_STATUS
from ...payments import refund_queries, refunds, stripe_refunds
from ...payments.models import Refund
from ..blueprint import bp
from ..forms.refunds import RefundForm

REFUND_METHOD = {"stripe": _l("Card (Stripe)"), "bank_transfer": _l("Bank transfer")}
SENT = {
    "sent": _l("Refund sent to Stripe: it shows as paid back once Stripe confirms it."),
    "unreachable": _l("Stripe could not be reached. The refund is kept as waiting: send it again from the refunds list."),
    "refused": _l("Stripe refused this refund; nothing was paid back. See the reason in the refunds list."),
}


def order_url(number: str) -> str | None:
    """The office's page of an order, when that page exists."""
    if "admin.order" not in current_app.view_functions:
        return None
    return url_for("admin.order", number=number)


def _labels() -> dict:
    return {"refund_status": REFUND_STATUS, "refund_method": REFUND_METHOD, "request_reason": REFUND_REASONS,
            "order_url": order_url}


@bp.get("/refunds", endpoint="refunds")
def refunds_page(lang):
    return render_template("admin/refunds/list.html", owed=refund_queries.open_requests(),
                           waiting=refund_queries.recent(100, status="pending"), recent=refund_queries.recent(50),
                           **_labels())


@bp.route("/orders/<number>/refund", methods=["GET", "POST"], endpoint="refund_new")
@keeps_input
@recent_password_required(minutes=10)  # money leaves: the office types its password again (issue 11)
def refund_new(lang, number):
    order = queries.by_number(number.upper())
    if order is None:
        abort(404)
    form = RefundForm()
    if request.method == "GET":
        form.fresh()
        form.settles.data = request.args.get("request", "") if request.args.get("request", "").isdigit() else ""
    settles = refund_queries.request_for(order, form.settles_id)
    if form.settles.data and settles is None:
        abort(404)
    if request.method == "GET" and settles is not None:
        form.amount.data = settles.amount
    method = refunds.REFUND_METHOD[order.payment_method]
    confirming = False
    if request.form.get("edit"):
        form.confirmed.data = ""  # back to the editable form, nothing checked or written
    elif form.validate_on_submit():
        try:
            confirming = _submit(form, order, method, settles, lang)
        except refunds.RefundError as error:
            db.session.rollback()
            _show(form, error)
        else:
            if not confirming:
                return redirect(url_for("admin.refunds"))
    return render_template("admin/refunds/new.html", form=form, order=order, method=method, settles=settles,
                           confirming=confirming, money=refund_queries.money(order),
                           history=refund_queries.recent(100, order_id=order.id), **_labels())


def _submit(form: RefundForm, order, method: str, settles, lang: str) -> bool:
    """First press: check and ask to confirm (True). Second press: record, commit, tell (False)."""
    if method == "stripe" and not current_app.config.get("STRIPE_SECRET_KEY"):
        raise refunds.RefundError(_l("Stripe is not set up on this site (no secret key), so card refunds cannot be "
                                     "sent."))
    if method == "bank_transfer" and not form.bank_reference.data:
        raise refunds.RefundError(_l("Please enter the bank's reference for the transfer you made."),
                                  field="bank_reference")
    if form.confirmed.data != "1":
        refunds.check(order, form.amount.data, settles)
        form.confirmed.data = "1"
        return True
    if method == "bank_transfer":
        refunds.record_bank_payout(order, form.amount.data, form.bank_reference.data, form.key.data, form.note.data,
                                   current_user, settles)
        db.session.commit()
        flash(_("Bank payout of %(amount)s recorded for order %(number)s.",
                amount=format_vnd(form.amount.data, lang), number=order.number), "success")
        return False
    refund = refunds.request_stripe_refund(order, form.amount.data, form.key.data, form.note.data, current_user,
                                           settles)
    db.session.commit()
    outcome = stripe_refunds.send(refund, current_app.config)
    db.session.commit()
    flash(str(SENT[outcome]), "success" if outcome == "sent" else "error")
    return False


def _show(form: RefundForm, error: refunds.RefundError) -> None:
    """Put the refusal next to its field; the confirmation step starts again."""
    form.confirmed.data = ""
    field = {"bank_reference": form.bank_reference, "amount": form.amount}.get(error.field, form.amount)
    field.errors = [*field.errors, str(error)]


@bp.post("/refunds/<int:refund_id>/send", endpoint="refund_send")
@recent_password_required(minutes=10)
def refund_send(lang, refund_id):
    """Send a refund Stripe never answered for again, with its own idempotency key (never a second refund)."""
    refund = db.session.get(Refund, refund_id)
    if refund is None:
        abort(404)
    try:
        refunds.resend(refund, current_user)
    except refunds.RefundError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("admin.refunds"))
    db.session.commit()
    outcome = stripe_refunds.send(refund, current_app.config)
    db.session.commit()
    flash(str(SENT[outcome]), "success" if outcome == "sent" else "error")
    return redirect(url_for("admin.refunds"))
