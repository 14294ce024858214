"""Cash on delivery against hoarding: nothing is paid up front, so limits keep a script from reserving the stock.

- at most COD_MAX_UNITS_PER_PRODUCT units of one product in one order;
- at most COD_MAX_OPEN_ORDERS_PER_PHONE orders not yet shipped per phone number (the delivery
  phone, normalized to +84… by the checkout form, so "0912 345 678" and "+84912345678" are one);
- a parcel its producer has not accepted within COD_ACCEPT_HOURS gives its units back
  (payments/declines.py, run by `flask orders expire`).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from .models import Fulfilment, Order
from .services import OrderError
from .summary import Summary

OPEN = ("placed", "in_progress")  # not shipped yet: its units are still held


class CodLimit(OrderError):
    """Cash on delivery is refused for this order; another payment method may be chosen."""


def check_limits(summary: Summary, phone: str, config: Mapping) -> None:
    """Raise CodLimit when the order would break a cash-on-delivery limit."""
    most_units = int(config.get("COD_MAX_UNITS_PER_PRODUCT", 10))
    units: dict[int, tuple[str, int]] = {}
    for parcel in summary.parcels:
        for line in parcel.lines:
            name, count = units.get(line.product.id, (line.product.name, 0))
            units[line.product.id] = (name, count + line.quantity)
    for name, count in units.values():
        if count > most_units:
            raise CodLimit(_l("With cash on delivery you can order at most %(n)d of %(name)s. Please lower the "
                              "quantity or pay in advance.", n=most_units, name=name))
    most_open = int(config.get("COD_MAX_OPEN_ORDERS_PER_PHONE", 2))
    _one_order_at_a_time(phone)
    if open_orders(phone) >= most_open:
        raise CodLimit(_l("This phone number already has %(n)d cash-on-delivery orders on the way. Please wait "
                          "until one arrives, or pay this order in advance.", n=most_open))


def _one_order_at_a_time(phone: str) -> None:
    """Orders of one phone number are counted and placed one after the other, so two sent at the
    same instant cannot both pass the count (tests/test_cod_concurrency.py). PostgreSQL: a
    transaction-scoped advisory lock on the phone, taken before any stock row (no lock cycle).
    SQLite (the embedded default, one process) has no such lock: two requests of one phone within
    the same few milliseconds could both pass; the limit is a brake on hoarding, stock itself can
    never be oversold either way."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext("cod:" + phone))))


def open_orders(phone: str) -> int:
    """Cash-on-delivery orders of this phone number that have not shipped yet."""
    return db.session.scalar(select(func.count(Order.id)).where(
        Order.phone == phone, Order.payment_method == "cod", Order.status.in_(OPEN))) or 0


def unaccepted_parcels(at: datetime, hours: int) -> list[int]:
    """Ids of cash-on-delivery parcels still waiting for their producer more than `hours` after the order."""
    return list(db.session.scalars(
        select(Fulfilment.id).join(Order, Order.id == Fulfilment.order_id)
        .where(Order.payment_method == "cod", Order.status.in_(OPEN), Fulfilment.status == "pending",
               Order.placed_at < at - timedelta(hours=hours))
        .order_by(Fulfilment.id)))
