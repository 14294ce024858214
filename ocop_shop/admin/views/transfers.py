"""Bank transfers: the office records what its bank statement shows."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ...csrf import keeps_input
from ...extensions import db
from ...orders import queries
from ...orders.labels import PAYMENT_ROW_STATUS
from ...orders.models import Order
from ...payments import services as payments
from ...payments.models import Payment
from ..blueprint import bp
from ..forms.transfers import ConfirmTransferForm


def _waiting_transfers() -> list[Order]:
    return list(db.session.scalars(
        select(Order).where(Order.payment_method == "bank_transfer",
                            or_(Order.payment_status == "pending", Order.flagged.is_(True)))
        .order_by(Order.placed_at).limit(200)))


@bp.route("/payments/transfers", methods=["GET", "POST"])
@keeps_input
def transfers(lang):
    form = ConfirmTransferForm()
    if form.validate_on_submit():
        order = queries.by_number(form.number.data)
        if order is None:
            form.number.errors.append(_("There is no order with this number."))
        else:
            try:
                payment = payments.confirm_transfer(order, form.amount.data, form.reference.data, current_user)
            except payments.PaymentError as error:
                db.session.rollback()
                form.reference.errors.append(str(error))
            else:
                db.session.commit()
                say_recorded(order, payment)
                return redirect(url_for("admin.transfers"))
    recent = db.session.scalars(select(Payment).where(Payment.provider == "bank_transfer")
                                .order_by(Payment.id.desc()).limit(20)).all()
    return render_template("admin/transfers.html", form=form, waiting=_waiting_transfers(),
                           recent=recent,
                           payment_row_status=PAYMENT_ROW_STATUS)


def say_recorded(order: Order, payment: Payment) -> None:
    """Tell the office what recording the transfer did (the order's page says it the same way)."""
    if payment.status == "flagged":
        flash(_("The amount does not match the order total: order %(number)s stays waiting and is flagged.",
                number=order.number), "error")
    else:
        flash(_("Transfer recorded: order %(number)s is paid.", number=order.number), "success")
