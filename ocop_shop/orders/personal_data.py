"""What orders hold about a customer account: its download sections, when it must stay, how it is erased.

Registered with accounts/personal_data.py (imported by orders/views.py). Erasing keeps what
accounting needs (docs/DECISIONS.md, the privacy page): the order number, dates, states, payment
method, amounts, lines, parcels and the province and ward of delivery; the buyer's name, phone,
email, street and note go, and the order's private link stops working.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..accounts.personal_data import Holder, register
from ..extensions import db
from .events import OrderEvent
from .models import Order

OPEN_ORDER_STATES = ("placed", "in_progress", "shipped")
REFUND_OWED = ("paid", "partially_refunded")  # a cancelled order in these payment states still owes a refund
DELETED_LABEL = "deleted account"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export(user: User) -> dict:
    """The account's delivery addresses, orders and the age declarations made with them."""
    orders = db.session.scalars(select(Order).where(Order.user_id == user.id).options(selectinload(Order.lines))
                                .order_by(Order.placed_at, Order.id)).all()
    return {
        "addresses": _addresses(orders),
        "orders": [_order(order) for order in orders],
        "consents": {"age_declarations": [{"order": o.number, "at": _iso(o.age_declared_at)}
                                          for o in orders if o.age_declared_at]},
    }


def _address(order: Order) -> dict:
    return {"name": order.contact_name, "phone": order.phone, "email": order.email, "street": order.street,
            "ward": order.ward_name, "province": order.province_name}


def _addresses(orders) -> list[dict]:
    seen: list[dict] = []
    for order in orders:
        address = _address(order)
        if address not in seen:
            seen.append(address)
    return seen


def _order(order: Order) -> dict:
    return {
        "number": order.number, "placed_at": _iso(order.placed_at), "status": order.status,
        "payment_method": order.payment_method, "payment_status": order.payment_status,
        "paid_at": _iso(order.paid_at), "cancelled_at": _iso(order.cancelled_at),
        "delivery": _address(order), "note": order.note,
        "subtotal": order.subtotal, "discount": order.discount, "shipping": order.shipping, "total": order.total,
        "currency": "VND",
        "lines": [{"product": line.product_name, "producer": line.producer_name, "unit": line.unit,
                   "quantity": line.quantity, "unit_price": line.unit_price, "line_total": line.line_total}
                  for line in order.lines],
    }


def blocker(user: User) -> str | None:
    """'open_orders' while an order is still on its way or a refund is still owed (the parcel needs the address)."""
    open_order = db.session.scalar(select(Order.id).where(Order.user_id == user.id, or_(
        Order.status.in_(OPEN_ORDER_STATES),
        (Order.status == "cancelled") & Order.payment_status.in_(REFUND_OWED))).limit(1))
    return "open_orders" if open_order is not None else None


def erase(user: User) -> set:
    """Anonymize the account's orders (accounting fields stay) and its name on the order timelines."""
    emails = set(db.session.scalars(select(Order.email).where(Order.user_id == user.id)))
    for order_id in db.session.scalars(select(Order.id).where(Order.user_id == user.id)).all():
        db.session.execute(update(Order).where(Order.id == order_id).values(
            user_id=None, contact_name="", phone="", email="", street="", note="",
            access_token=secrets.token_urlsafe(32)))
    # The order timelines name the account where it acted (a cancellation): keep the step, not the name.
    db.session.execute(update(OrderEvent).where(OrderEvent.actor_id == user.id)
                       .values(actor_id=None, actor_label=DELETED_LABEL))
    return emails


register(Holder("orders", export, blocker, erase))
