"""The one home of the liquor rules (Law 44/2019/QH14, Decree 24/2020).

ABV > 0: no sale under 18, an age declaration before details, no cash on delivery.
ABV ≥ 5.5: the producer's alcohol licence must be on record before publishing.
ABV ≥ 15: no advertising or sales promotion of any kind, pages noindex.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable, MutableMapping

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
