"""The office's order list (filters, search by number or phone, one page at a time) and order page.

A list page runs the same few statements whatever the number of orders: a count, one page
of orders, their parcels (selectinload), and the producers for the filter.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from math import ceil

from sqlalchemy import Select, exists, false, func, or_, select
from sqlalchemy.orm import selectinload

from ..addresses import parse_phone
from ..extensions import db
from ..producers.models import Producer
from ..timeutil import VN_TZ
from .models import Fulfilment, Order

PER_PAGE = 30


@dataclass(frozen=True)
class OrderFilters:
    """What the office narrows the list by; None (or "") means any."""

    q: str = ""
    status: str | None = None
    payment_method: str | None = None
    payment_status: str | None = None
    producer_id: int | None = None
    province_code: int | None = None
    placed_from: date | None = None  # days in Asia/Ho_Chi_Minh, both included
    placed_to: date | None = None


@dataclass(frozen=True)
class OrderPage:
    orders: list[Order]
    total: int
    page: int
    last_page: int


def search(filters: OrderFilters, page: int = 1, per_page: int = PER_PAGE) -> OrderPage:
    """One page of the orders that match, newest first, with their parcels; the page is clamped."""
    query = _filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    last_page = max(1, ceil(total / per_page))
    page = min(max(page, 1), last_page)
    orders = db.session.scalars(
        query.options(selectinload(Order.fulfilments))
        .order_by(Order.placed_at.desc(), Order.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return OrderPage(list(orders), total, page, last_page)


def _filtered(filters: OrderFilters) -> Select:
    query = select(Order)
    for column, value in ((Order.status, filters.status), (Order.payment_method, filters.payment_method),
                          (Order.payment_status, filters.payment_status),
                          (Order.province_code, filters.province_code)):
        if value is not None and value != "":
            query = query.where(column == value)
    if filters.producer_id is not None:
        query = query.where(exists().where(Fulfilment.order_id == Order.id,
                                           Fulfilment.producer_id == filters.producer_id))
    if filters.placed_from is not None:
        query = query.where(Order.placed_at >= local_midnight(filters.placed_from))
    if filters.placed_to is not None:
        query = query.where(Order.placed_at < local_midnight(filters.placed_to + timedelta(days=1)))
    if filters.q:
        query = query.where(_matches(filters.q))
    return query


def _matches(text: str):
    """An order number (or its beginning), or the buyer's phone read the way checkout reads it."""
    conditions = []
    phone = parse_phone(text)
    if phone:
        conditions.append(Order.phone == phone)
    number = "".join(text.split()).upper()
    if number.isascii() and number.isalnum() and len(number) <= 10:
        conditions.append(Order.number.startswith(number, autoescape=True))
    return or_(*conditions) if conditions else false()


def local_midnight(day: date) -> datetime:
    """The moment a day begins in Việt Nam (aware; stored and compared in UTC)."""
    return datetime.combine(day, time.min, tzinfo=VN_TZ)


def producer_choices() -> list[tuple[int, str]]:
    """(id, name) of every producer, by name, for the filter."""
    return [tuple(row) for row in db.session.execute(select(Producer.id, Producer.name).order_by(Producer.name))]

