"""The listing filters in SQL: one statement per shape (which filters apply), values bound later.

Slugs are bound as they are (a category or place slug matches itself and its children), so a
statement can run before the slugs are resolved to rows: the catalog counts its facets in the
same query that loads the categories (facet_counts.py).
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import aliased

from ..places.models import Locality
from ..producers.models import Producer
from .models import Category, Product
from .params import CatalogParams
from .queries import DAY, has_valid_stars, public_products
from .season import in_season_clause

# The filters of a shape, in order; a shape is a tuple of booleans, one per name.
SHAPE = ("category", "place", "producer", "stars", "min_price", "max_price", "month")


def shape_of(params: CatalogParams) -> tuple[bool, ...]:
    """Which filters the parameters use."""
    return tuple(getattr(params, name) is not None for name in SHAPE)


def values_of(params: CatalogParams, day) -> dict:
    """The values a filtered statement is executed with."""
    return dict({name: getattr(params, name) for name in SHAPE}, day=day)


def without(shape: tuple[bool, ...], *names: str) -> tuple[bool, ...]:
    """The shape with some filters off (a facet counts with every filter but its own)."""
    return tuple(on and name not in names for name, on in zip(SHAPE, shape))


def _in_tree(model, column):
    """Rows of `model` whose slug, or whose parent's slug, is the bound value `column`."""
    parent = aliased(model)
    value = bindparam(column)
    return (select(model.id).outerjoin(parent, model.parent_id == parent.id)
            .where(or_(model.slug == value, parent.slug == value)))


@lru_cache(maxsize=None)
def filtered(shape: tuple[bool, ...], price=Product.price) -> Select:
    """Public products narrowed by the filters a shape names; prices compare `price`."""
    category, place, producer, stars, min_price, max_price, month = shape
    stmt = public_products()
    if category:
        stmt = stmt.where(Product.category_id.in_(_in_tree(Category, "category")))
    if place:
        stmt = stmt.where(Producer.locality_id.in_(_in_tree(Locality, "place")))
    if producer:
        stmt = stmt.where(Producer.slug == bindparam("producer"))
    if stars:
        stmt = stmt.where(has_valid_stars(DAY, bindparam("stars")))
    if min_price:
        stmt = stmt.where(price >= bindparam("min_price"))
    if max_price:
        stmt = stmt.where(price <= bindparam("max_price"))
    if month:
        stmt = stmt.where(in_season_clause(bindparam("month")))
    return stmt
