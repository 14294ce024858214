"""A campaign's results from the order lines that took its discount (OrderLine.campaign_id).

Counted: orders placed and not cancelled (any payment state; refunds are not subtracted).
Revenue is what buyers paid for those lines (unit price after the discount × quantity); the
discount given is unit discount × quantity. Days are Việt Nam calendar days of the order's
placing. This lives in the office's page layer because it reads orders (above promotions).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..orders.models import Order, OrderLine
from ..timeutil import VN_TZ

COUNTED_NOT = ("cancelled",)


@dataclass
class Tally:
    """Orders, units, revenue and discount of one slice of the results."""

    orders: set = field(default_factory=set)
    units: int = 0
    revenue: int = 0
    discount: int = 0

    def add(self, order_id: int, quantity: int, unit_price: int, unit_discount: int) -> None:
        self.orders.add(order_id)
        self.units += quantity
        self.revenue += unit_price * quantity
        self.discount += unit_discount * quantity

    @property
    def order_count(self) -> int:
        return len(self.orders)


@dataclass
class Results:
    total: Tally
    by_producer: list[tuple[str, Tally]]
    by_funder: list[tuple[str, Tally]]
    by_day: list[tuple[date, Tally]]


def campaign_results(campaign_id: int) -> Results:
    """Totals, and the same per producer, per funder and per Việt Nam day."""
    stmt = (select(OrderLine.order_id, Order.placed_at, OrderLine.producer_name, OrderLine.funded_by,
                   OrderLine.quantity, OrderLine.unit_price, OrderLine.unit_discount)
            .join(Order, Order.id == OrderLine.order_id)
            .where(OrderLine.campaign_id == campaign_id, Order.status.not_in(COUNTED_NOT))
            .order_by(Order.placed_at, OrderLine.id))
    total = Tally()
    producers: dict[str, Tally] = defaultdict(Tally)
    funders: dict[str, Tally] = defaultdict(Tally)
    days: dict[date, Tally] = defaultdict(Tally)
    for order_id, placed_at, producer, funder, quantity, unit_price, unit_discount in db.session.execute(stmt):
        day = placed_at.astimezone(VN_TZ).date()
        for tally in (total, producers[producer], funders[funder or "office"], days[day]):
            tally.add(order_id, quantity, unit_price, unit_discount)
    return Results(total=total, by_producer=sorted(producers.items(), key=lambda kv: (-kv[1].revenue, kv[0])),
                   by_funder=sorted(funders.items()), by_day=sorted(days.items()))


def csv_rows(results: Results, funder_label, labels: dict) -> list[list]:
    """The results as rows of a CSV: section, key, orders, units, revenue, discount."""
    def row(section, key, tally):
        return [section, key, tally.order_count, tally.units, tally.revenue, tally.discount]

    rows = [row(labels["total"], "", results.total)]
    rows += [row(labels["producer"], name, tally) for name, tally in results.by_producer]
    rows += [row(labels["funder"], funder_label(name), tally) for name, tally in results.by_funder]
    rows += [row(labels["day"], day.isoformat(), tally) for day, tally in results.by_day]
    return rows
