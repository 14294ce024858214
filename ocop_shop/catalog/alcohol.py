"""The one home of the liquor rules (Law 44/2019/QH14, Decree 24/2020).

ABV > 0: no sale under 18, an age declaration before details, no cash on delivery.
ABV ≥ 5.5: the producer's alcohol licence (number and expiry) must be on record and in force
before publishing, and a published drink leaves the storefront (lists, its page, search, the
sitemap, the cart) once that licence's expiry date has passed, the day taken in
Asia/Ho_Chi_Minh: `on_sale()` and its SQL twin `on_sale_clause()`, applied by
catalog.queries.public_products() and the search filter. Computed each day, never stored.
ABV ≥ 15: no advertising or sales promotion of any kind, pages noindex.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable, MutableMapping

from sqlalchemy import bindparam, or_
from sqlalchemy.types import Date

from ..producers.models import Producer
from ..timeutil import local_today
from .models import Product

MIN_AGE = 18
LICENCE_ABV = 5.5
PROMOTION_BAN_ABV = 15.0
SESSION_KEY = "age_declared"


def is_alcoholic(product) -> bool:
    return bool(product.abv) and product.abv > 0


def needs_age_declaration(product) -> bool:
    """Details (page, photo, price) stay hidden until the visitor declares 18+."""
    return is_alcoholic(product)


def needs_licence(product) -> bool:
    return bool(product.abv) and product.abv >= LICENCE_ABV


def may_promote(product) -> bool:
    """No discount, campaign, featured slot, banner, newsletter or share image at ABV ≥ 15."""
    return not (product.abv and product.abv >= PROMOTION_BAN_ABV)


def may_index(product) -> bool:
    """Pages of spirits are noindex and out of the sitemap."""
    return may_promote(product)


def may_publish(product, producer, on: date) -> bool:
    """ABV ≥ 5.5 needs the producer's alcohol licence on record and unexpired."""
    return not needs_licence(product) or producer.has_alcohol_licence(on)


def sale_ends_on(product, producer) -> date | None:
    """The last day a published product may stay on sale: its producer's licence expiry for a
    drink that needs a licence, else None (no end). The search index stores it as well."""
    return producer.alcohol_licence_expires_on if needs_licence(product) else None


def licence_lapsed(producer, on: date) -> bool:
    """The producer's licence on record expired before the day: its drinks of ABV ≥ 5.5 are off sale."""
    return producer.alcohol_licence_expires_on is not None and producer.alcohol_licence_expires_on < on


def on_sale(product, producer, on: date) -> bool:
    """Whether a published product may stay on the storefront on the day (licence not lapsed)."""
    return not needs_licence(product) or not licence_lapsed(producer, on)


def _today() -> date:
    return local_today()


# Bound when the statement runs, so cached statements always use the current day.
SALE_DAY = bindparam("sale_day", callable_=_today, type_=Date)


def on_sale_clause(day=SALE_DAY):
    """SQL twin of on_sale() for statements joining Product and its Producer (default: today)."""
    return or_(Product.abv.is_(None), Product.abv < LICENCE_ABV,
               Producer.alcohol_licence_expires_on.is_(None), Producer.alcohol_licence_expires_on >= day)


def cash_on_delivery_allowed(products: Iterable) -> bool:
    """Online alcohol sales are paid without cash."""
    return not any(is_alcoholic(p) for p in products)


def age_declared(session: MutableMapping) -> bool:
    return bool(session.get(SESSION_KEY))


def declare_age(session: MutableMapping, age: int) -> bool:
    """Record a visitor's declaration (a flag only); False when under 18."""
    if age < MIN_AGE:
        session.pop(SESSION_KEY, None)
        return False
    session[SESSION_KEY] = True
    return True


def shows_details(product, session: MutableMapping) -> bool:
    """Whether a listing or page may show this product's picture, price and text."""
    return not needs_age_declaration(product) or age_declared(session)
