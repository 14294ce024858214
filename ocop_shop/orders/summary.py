"""The one computation of an order's totals, used by the cart, the checkout review and placing.

Prices come from promotions.pricing (through the cart lines); shipping from orders.shipping.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ..catalog import alcohol
from . import shipping


@dataclass
class Parcel:
    """One producer's share of an order: its lines, weight, goods and shipping fee."""

    producer_id: int
    producer_name: str
    lines: list = field(default_factory=list)
    weight_grams: int = 0
    goods_total: int = 0
    fee: int | None = None


@dataclass
class Summary:
    parcels: list[Parcel]
    subtotal: int  # at base prices
    discount: int
    shipping: int | None  # None until the destination province is known
    has_liquor: bool
    cod_allowed: bool

    @property
    def goods_total(self) -> int:
        return self.subtotal - self.discount

    @property
    def total(self) -> int | None:
        return None if self.shipping is None else self.goods_total + self.shipping

    @property
    def empty(self) -> bool:
        return not self.parcels

    @property
    def fingerprint(self) -> str:
        """A digest of every line's quantity and unit price (and why) and the totals.

        The review form carries it; placing compares it, so an order is placed only at the prices
        the buyer last saw (a campaign that ended or a code that ran out in between shows the
        review again instead).
        """
        parts = [f"{line.product.id}:{line.quantity}:{line.price.base}:{line.price.discount}:"
                 f"{getattr(line.price.campaign, 'id', '')}" for parcel in self.parcels for line in parcel.lines]
        parts.append(f"{self.subtotal}:{self.discount}:{self.shipping}")
        return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def summarize(lines: list, province_code: int | None = None) -> Summary:
    """Group priced lines into parcels per producer and price the shipping to a province."""
    parcels: dict[int, Parcel] = {}
    for line in lines:
        product = line.product
        parcel = parcels.setdefault(product.producer_id, Parcel(product.producer_id, product.producer.name))
        parcel.lines.append(line)
        parcel.weight_grams += (product.weight_grams or 0) * line.quantity
        parcel.goods_total += line.price.final * line.quantity
    subtotal = sum(line.price.base * line.quantity for line in lines)
    discount = sum(line.price.discount * line.quantity for line in lines)
    products = [line.product for line in lines]
    summary = Summary(list(parcels.values()), subtotal, discount, None,
                      has_liquor=any(alcohol.needs_age_declaration(p) for p in products),
                      cod_allowed=alcohol.cash_on_delivery_allowed(products))
    if province_code is not None and parcels:
        fees = shipping.quote(province_code, {p.producer_id: p.weight_grams for p in summary.parcels},
                              summary.goods_total)
        for parcel in summary.parcels:
            parcel.fee = fees[parcel.producer_id]
        summary.shipping = sum(fees.values())
    return summary
