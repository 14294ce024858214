"""Checkout: details (contact, address, payment) → review → place order → pay (/<lang>/checkout)."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from .. import ratelimits
from ..cart import services as carts
from ..cart.current import current_cart
from ..extensions import db
from ..i18n import register_language_prefix
from ..orders import emails, queries, shipping
from ..orders.cod import CodLimit
from ..orders.placing import PriceChanged, place_order
from ..orders.services import OrderError
from ..orders.summary import summarize
from ..payments import providers, stripe_flow, vietqr
from ..payments.services import PaymentError
from ..payments.stripe_gateway import GatewayError
from ..promotions.coupons import Customer
from ..types import utcnow
from . import flow
from ..csrf import keeps_input
from ..form_fields import ActionForm
from .forms import CheckoutForm, PlaceOrderForm

bp = Blueprint("checkout", __name__, url_prefix="/<lang>/checkout")
register_language_prefix(bp)


def _summary(province: int | None, customer: Customer | None = None):
    """The priced cart and its summary for a destination (shipping unknown if no rule covers it)."""
    priced = carts.priced(current_cart(), customer=customer)
    try:
        return priced, summarize(priced.lines, province)
    except shipping.ShippingUnavailable:
        return priced, summarize(priced.lines, None)


def _customer(delivery) -> Customer:
    """The buyer as placing will count them for a code's per-customer cap."""
    return Customer.of(delivery.phone, current_user.id if current_user.is_authenticated else None)


@bp.route("", methods=["GET", "POST"])
@keeps_input
def details(lang):
    form = CheckoutForm(data=flow.form_defaults(current_user) if request.method == "GET" else None)
    _priced, summary = _summary(form.province.data if form.province.data else None)
    if summary.empty:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("cart.show"))
    methods = providers.available_methods(summary, current_app.config)
    form.fill_choices(methods)
    form.needs_age = summary.has_liquor
    choosing_province = request.form.get("action") == "choose_province"
    if not choosing_province and form.validate_on_submit():
        flow.save_form(form)
        return redirect(url_for("checkout.review"))
    if choosing_province:
        form.ward.data = None
    return render_template("checkout/details.html", form=form, summary=summary, methods=methods,
                           choosing_province=choosing_province)


@bp.get("/review")
def review(lang):
    data = flow.saved()
    delivery = flow.delivery(data)
    if delivery is None:
        return redirect(url_for("checkout.details"))
    priced, summary = _summary(delivery.province_code, _customer(delivery))
    if summary.empty:
        flash(_("Your cart is empty."), "info")
        return redirect(url_for("cart.show"))
    method = providers.provider(data.get("payment_method"))
    if method is None or method not in providers.available_methods(summary, current_app.config):
        flash(_("Please choose one of the payment methods offered for this order."), "error")
        return redirect(url_for("checkout.details"))
    form = PlaceOrderForm(formdata=None, checkout_token=data["token"], prices_seen=summary.fingerprint)
    return render_template("checkout/review.html", summary=summary, delivery=delivery, method=method,
                           coupon=priced.coupon, form=form)


@bp.post("/place")
@ratelimits.posts(ratelimits.ORDER)
def place(lang):
    form = PlaceOrderForm()
    if not form.validate_on_submit():
        flash(_("Please review your order and place it again."), "error")
        return redirect(url_for("checkout.review"))
    token = form.checkout_token.data
    existing = queries.by_checkout_token(token)
    if existing is not None:  # a second click: the first one placed it
        return redirect(queries.guest_path(existing, lang))
    data = flow.saved()
    delivery = flow.delivery(data)
    if delivery is None or data.get("token") != token:
        flash(_("Your checkout details changed. Please check them and place the order again."), "error")
        return redirect(url_for("checkout.details"))
    try:
        order = _place(data, delivery, lang, form.prices_seen.data)
    except PriceChanged as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("checkout.review"))
    except CodLimit as error:  # another payment method, or fewer units, is the way on
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("checkout.details"))
    except OrderError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("cart.show"))
    except IntegrityError:
        db.session.rollback()
        order = queries.by_checkout_token(token)
        if order is None:
            raise
        return redirect(queries.guest_path(order, lang))
    flow.finish()
    if order.payment_method == "stripe":
        return _start_card_payment(order, lang)
    flash(_("Thank you! Your order %(number)s is placed.", number=order.number), "success")
    return redirect(queries.guest_path(order, lang))


def _place(data: dict, delivery, lang: str, prices_seen: str):
    """Place the order at the prices reviewed, start its payment and queue the confirmation; commits once."""
    _priced, summary = _summary(delivery.province_code)
    method = providers.provider(data.get("payment_method"))
    if method is None or method not in providers.available_methods(summary, current_app.config):
        raise OrderError(_("Please choose one of the payment methods offered for this order."))
    order = place_order(
        current_cart(), delivery, method.code, checkout_token=data["token"], locale=lang,
        user_id=current_user.id if current_user.is_authenticated else None,
        age_declared=bool(data.get("age_declared")), payment_due_at=method.due_at(utcnow(), current_app.config),
        prices_seen=prices_seen)
    method.on_placed(order)
    transfer = vietqr.transfer_for(order, current_app.config) if order.payment_method == "bank_transfer" else None
    emails.queue_confirmation(order, transfer)
    db.session.commit()
    return order


def _start_card_payment(order, lang: str):
    """The documented exception: the order is committed, Stripe is called, then the session id is committed."""
    page = current_app.config["SITE_URL"] + queries.guest_path(order, lang)
    try:
        payment = stripe_flow.begin(order, current_app.config, success_url=page + "&card=done",
                                    cancel_url=page + "&card=cancelled")
    except (GatewayError, PaymentError) as error:
        db.session.rollback()
        current_app.logger.warning("Stripe session for %s not created: %s", order.number, error)
        message = str(error) if isinstance(error, PaymentError) else _(
            "The card payment could not be started. Please try again in a moment.")
        flash(message, "error")
        return redirect(queries.guest_path(order, lang))
    db.session.commit()
    return redirect(payment.checkout_url, code=303)


@bp.post("/pay/<number>")
def pay(lang, number):
    """Start another card payment attempt for an unpaid card order (owner or secret link only)."""
    form = ActionForm()
    order = queries.by_number(number)
    if not form.validate_on_submit() or order is None or not _may_pay(order, form.t.data):
        flash(_("We could not find this order. Please use the link in your email."), "error")
        return redirect(url_for("storefront.home"))
    return _start_card_payment(order, lang)


def _may_pay(order, token: str | None) -> bool:
    owner = current_user.is_authenticated and order.user_id == current_user.id
    return owner or queries.token_matches(order, token)
