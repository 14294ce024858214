"""The one home of prices: every card, cart, checkout and payment line calls price_for()."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..types import utcnow


@dataclass(frozen=True)
class Price:
    """What a unit costs at a moment, and why."""

    base: int
    final: int
    discount: int = 0
    campaign: object | None = None
    funded_by: str | None = None
    ends_at: datetime | None = None

    @property
    def discounted(self) -> bool:
        return self.discount > 0


def price_for(product, at: datetime | None = None, coupon=None) -> Price:
    """The unit price of a product at a moment (campaigns and coupons arrive later)."""
    at = at or utcnow()
    return Price(base=product.price, final=product.price)
