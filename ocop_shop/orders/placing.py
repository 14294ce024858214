"""Placing an order: prices from the cart lines (prices_for), stock taken, lines snapshotted, the coupon's use taken.

The order is placed only at the prices the buyer last reviewed (`prices_seen`, the summary's
fingerprint): when they changed in between, PriceChanged is raised and nothing is kept.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from ..cart import services as carts
from ..cart.models import Cart
from ..catalog import alcohol
from ..extensions import db
from ..producers.models import Producer
from ..producers.notifications import notify
from ..promotions import coupons
from ..types import utcnow
from . import cod, events, numbers, stock
from .models import PAYMENT_METHODS, Fulfilment, Order, OrderLine
from .services import OrderError
from .summary import Summary, summarize


@dataclass(frozen=True)
class Delivery:
    """Who receives the order and where (a Vietnamese address after the 2025 reorganisation)."""

    contact_name: str
    phone: str
    email: str
    province_code: int
    province_name: str
    ward_code: int
    ward_name: str
    street: str
    note: str = ""


class OutOfStock(OrderError):
    """Someone else bought the last units first."""


class PriceChanged(OrderError):
    """The prices are no longer those the buyer reviewed (a campaign ended, a code ran out)."""


def place_order(cart: Cart, delivery: Delivery, payment_method: str, *, checkout_token: str, locale: str,
                user_id: int | None, age_declared: bool, payment_due_at: datetime | None = None,
                at: datetime | None = None, prices_seen: str | None = None) -> Order:
    """Turn the cart into an order: check the rules and the prices seen, take the stock and the coupon's use,
    snapshot the lines, empty the cart."""
    at = at or utcnow()
    customer = coupons.Customer.of(delivery.phone, user_id)
    priced = carts.priced(cart, at, customer)
    lines = priced.lines
    if not lines:
        raise OrderError(_l("Your cart is empty."))
    summary = summarize(lines, delivery.province_code)
    if prices_seen is not None and prices_seen != summary.fingerprint:
        raise PriceChanged(_PRICE_CHANGED)
    _check_rules(summary, payment_method, age_declared)
    if payment_method == "cod":
        cod.check_limits(summary, delivery.phone, current_app.config)
    _take_stock(lines)
    order = _new_order(summary, delivery, payment_method, checkout_token, locale, user_id, at)
    _take_coupon(priced.coupon, order, customer, at)
    order.age_declared_at = at if summary.has_liquor else None
    order.payment_due_at = payment_due_at if payment_method != "cod" else None
    _add_parcels(order, summary)
    carts.clear(cart)
    db.session.flush()
    return order


_PRICE_CHANGED = _l("The prices changed since you reviewed your order (a promotion ended or a discount code "
                    "ran out). Please check the new total below and place the order again.")


def _take_coupon(state: coupons.CouponCheck | None, order: Order, customer: coupons.Customer, at: datetime) -> None:
    """Take a use of the code the lines were priced with; losing the last use to another buyer changes the prices."""
    if state is None or not state.applies:
        return
    try:
        coupons.redeem(state.coupon, order.id, customer, at)
    except coupons.CouponError:
        raise PriceChanged(_PRICE_CHANGED) from None


def _check_rules(summary: Summary, payment_method: str, age_declared: bool) -> None:
    if payment_method not in PAYMENT_METHODS:
        raise OrderError(_l("Please choose a payment method."))
    if summary.has_liquor and not age_declared:
        raise OrderError(_l("Your cart holds liquor: please declare that you are 18 or older."))
    if payment_method == "cod" and not summary.cod_allowed:
        raise OrderError(_l("Liquor is sold online only with payment in advance, not cash on delivery."))


def _take_stock(lines: list) -> None:
    wanted: dict[int, int] = {}
    for line in lines:
        wanted[line.product.id] = wanted.get(line.product.id, 0) + line.quantity
    short = stock.take_all(wanted)
    if short is not None:
        product = next(line.product for line in lines if line.product.id == short)
        left = stock.available(short)
        if left:
            raise OutOfStock(_l("Sorry, only %(n)d of %(name)s are left. Please change the quantity in your cart.",
                                n=left, name=product.name))
        raise OutOfStock(_l("Sorry, %(name)s has just sold out. Please remove it from your cart.", name=product.name))


def _unused_number() -> str:
    while True:
        number = numbers.new_number()
        if not db.session.scalar(select(exists().where(Order.number == number))):
            return number


def _new_order(summary: Summary, delivery: Delivery, payment_method: str, checkout_token: str,
               locale: str, user_id: int | None, at: datetime) -> Order:
    order = Order(
        number=_unused_number(), access_token=secrets.token_urlsafe(32), checkout_token=checkout_token,
        user_id=user_id, locale=locale, payment_method=payment_method, status="placed",
        payment_status="unpaid", subtotal=summary.subtotal, discount=summary.discount,
        shipping=summary.shipping or 0, total=summary.total or summary.goods_total, placed_at=at,
        **{field: getattr(delivery, field) for field in Delivery.__dataclass_fields__},
    )
    db.session.add(order)
    db.session.flush()
    events.record(order.id, "order", None, "placed", at=at)
    return order


def _add_parcels(order: Order, summary: Summary) -> None:
    for parcel in summary.parcels:
        fulfilment = Fulfilment(order_id=order.id, producer_id=parcel.producer_id, producer_name=parcel.producer_name,
                                weight_grams=parcel.weight_grams, goods_total=parcel.goods_total,
                                shipping_fee=parcel.fee or 0)
        db.session.add(fulfilment)
        db.session.flush()
        for line in parcel.lines:
            db.session.add(_snapshot(order, fulfilment, line))
        notify(db.session.get(Producer, parcel.producer_id), "order_new", number=order.number)


def _snapshot(order: Order, fulfilment: Fulfilment, line) -> OrderLine:
    product, price = line.product, line.price
    return OrderLine(
        order_id=order.id, fulfilment_id=fulfilment.id, product_id=product.id, producer_id=product.producer_id,
        product_name=product.text("name", order.locale), producer_name=product.producer.name,
        unit=product.text("unit", order.locale) or "", base_unit_price=price.base, unit_discount=price.discount,
        campaign_id=getattr(price.campaign, "id", None), funded_by=price.funded_by, unit_price=price.final,
        quantity=line.quantity, weight_grams=product.weight_grams or 0,
        is_alcoholic=alcohol.is_alcoholic(product),
    )
