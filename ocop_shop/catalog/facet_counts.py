"""The catalog's facet counts in SQL, carried by the query that loads the categories.

Each facet counts the public products with every filter but its own (as the search engine's
facets do). The counts come as (category id, facet, key, count) rows of one UNION ALL, joined
onto the categories: the page loads its filter choices and its counts in one round trip, so
the catalog runs no more queries than it did without counts.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import Integer, Select, String, case, func, literal, select, union_all

from ..producers.models import Producer
from .filtering import filtered, without
from .filters import PRICE_BANDS, STAR_LEVELS
from .models import Category, Product
from .queries import DAY, best_valid_stars


def _band_key(price):
    """The index of the price band a price falls in (PRICE_BANDS order)."""
    whens = [(price <= high, i) for i, (_band, _low, high) in enumerate(PRICE_BANDS) if high is not None]
    return case(*whens, else_=len(PRICE_BANDS) - 1)


def _branch(shape, price, facet: str, key) -> Select:
    """Counts of one facet by category and key, over the products every other filter keeps."""
    own = {"price": ("min_price", "max_price")}.get(facet, (facet,))
    inner = (filtered(without(shape, *own), price)
             .with_only_columns(Product.category_id.label("category_id"), key.label("key"))
             .subquery())
    return (select(inner.c.category_id, literal(facet, String).label("facet"), inner.c.key,
                   func.count().label("n"))
            .group_by(inner.c.category_id, inner.c.key))


@lru_cache(maxsize=None)
def categories_with_counts(shape: tuple[bool, ...], price=Product.price) -> Select:
    """Every category (in menu order), each row with one (facet, key, count) of its products."""
    rows = union_all(
        _branch(shape, price, "category", literal(0, Integer)),
        _branch(shape, price, "stars", best_valid_stars(DAY)),
        _branch(shape, price, "place", func.coalesce(Producer.locality_id, 0)),
        _branch(shape, price, "price", _band_key(price)),
    ).subquery("facet_rows")
    return (select(Category, rows.c.facet, rows.c.key, rows.c.n)
            .outerjoin(rows, rows.c.category_id == Category.id)
            .order_by(Category.position, Category.id))


def decode(rows, categories: list[Category], places: dict[int, str]) -> dict[str, dict]:
    """The neutral counts (facet → value → count) from the rows: slugs, star levels, band keys.

    `places` maps a locality id to its slug; a group counts its own products and its children's.
    """
    by_id = {c.id: c for c in categories}
    group_slug = {c.group_code: c.slug for c in categories if c.parent_id is None}
    counts: dict[str, dict] = {"category": defaultdict(int), "stars": defaultdict(int),
                               "place": defaultdict(int), "price": defaultdict(int)}
    for category_id, facet, key, n in rows:
        category = by_id[category_id]
        if facet == "category":
            counts["category"][category.slug] += n
            if category.parent_id is not None:
                counts["category"][group_slug.get(category.group_code, "")] += n
        elif facet == "stars":
            for level in STAR_LEVELS:
                counts["stars"][level] += n if key >= level else 0
        elif facet == "place" and key in places:
            counts["place"][places[key]] += n
        elif facet == "price":
            counts["price"][PRICE_BANDS[key][0]] += n
    return {name: dict(values) for name, values in counts.items()}
