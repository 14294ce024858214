"""Demo orders in every state for the demo producers (called by `flask --app wsgi seed-demo`).

Every order goes through the real services (place, pay, accept, ship, deliver, cancel,
expire), so the portal and the office see exactly what real orders look like. Idempotent:
each demo order has a fixed checkout token, and an existing one is left alone.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..cart import services as carts
from ..catalog import alcohol
from ..catalog.models import Product
from .. import addresses as address
from ..extensions import db
from ..orders import fulfilment
from ..orders.models import Fulfilment, Order
from ..orders.placing import Delivery, place_order
from ..orders.services import OrderError
from ..orders.shipping import ensure_default_rules
from ..producers.models import Producer
from ..types import utcnow
from . import providers, services

DEMO_PRODUCERS = ("co-so-ruou-ngo-cai-van", "htx-tam-hoa")
BUYERS = (("Nông Thị Hoa", "+84915200301", 4), ("Trần Văn Bình", "+84988123456", 1), ("Lê Thu Hà", "+84903555777", 79))
# (state, payment method, days ago): each ends in a different order / payment / parcel state.
STATES = (
    ("waiting_transfer", "bank_transfer", 0), ("paid", "bank_transfer", 1), ("accepted", "bank_transfer", 2),
    ("shipped", "bank_transfer", 3), ("closed", "bank_transfer", 6), ("cancelled", "bank_transfer", 4),
    ("expired", "bank_transfer", 5), ("cod_placed", "cod", 0), ("cod_shipped", "cod", 2), ("cod_closed", "cod", 7),
)


def seed_demo_orders(producer_slugs=DEMO_PRODUCERS) -> int:
    """Create the missing demo orders; returns how many were added. Flushes, never commits."""
    ensure_default_rules()
    added = 0
    for slug in producer_slugs:
        product = _demo_product(slug)
        if product is None:
            continue
        for n, (state, method, days) in enumerate(STATES):
            token = f"demo-{slug}-{state}"
            if db.session.scalar(select(Order.id).where(Order.checkout_token == token)) is not None:
                continue
            if method == "cod" and not alcohol.cash_on_delivery_allowed([product]):
                continue  # liquor is never sold cash on delivery
            if _make(product, state, method, days, token, BUYERS[n % len(BUYERS)]):
                added += 1
    return added


def _demo_product(slug: str) -> Product | None:
    producer = db.session.scalar(select(Producer).where(Producer.slug == slug))
    if producer is None:
        return None
    return db.session.scalar(select(Product).where(
        Product.producer_id == producer.id, Product.status == "published", Product.stock >= 10).order_by(Product.id))


def _make(product: Product, state: str, method: str, days: int, token: str, buyer) -> bool:
    at = utcnow() - timedelta(days=days, hours=2)
    name, phone, province = buyer
    ward_code, ward_name = address.wards(province)[0]
    cart = carts.create_cart()
    try:
        carts.add_item(cart, product.id, 1)
        order = place_order(
            cart, Delivery(name, phone, "demo-buyer@example.com", province, address.province_name(province),
                           ward_code, ward_name, "Số 12, đường mẫu (demo)"),
            method, checkout_token=token, locale="vi", user_id=None, age_declared=True,
            payment_due_at=providers.provider(method).due_at(at, current_app.config), at=at)
    except (OrderError, carts.CartError):
        db.session.delete(cart)
        return False
    db.session.delete(cart)
    providers.provider(method).on_placed(order)
    _advance(order, state, at)
    db.session.flush()
    return True


def _advance(order: Order, state: str, at) -> None:
    parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
    step = timedelta(hours=5)
    if state in ("paid", "accepted", "shipped", "closed", "cancelled"):
        services.confirm_transfer(order, order.total, f"DEMO-FT-{order.number}", at=at + step)
    if state in ("accepted", "shipped", "closed", "cod_shipped", "cod_closed"):
        fulfilment.accept(parcel, at=at + 2 * step)
    if state in ("shipped", "closed", "cod_shipped", "cod_closed"):
        fulfilment.ship(parcel, "Viettel Post", f"DEMO{order.number}", at=at + 3 * step)
    if state in ("closed", "cod_closed"):
        fulfilment.deliver(parcel, at=at + 8 * step)
    if state == "cod_closed":
        fulfilment.record_cash_collected(parcel, parcel.amount_due, at=at + 8 * step)
    if state == "cancelled":
        services.cancel_order(order, reason="customer", at=at + 2 * step)
    if state == "expired":
        services.expire_order(order, at=order.payment_due_at)
