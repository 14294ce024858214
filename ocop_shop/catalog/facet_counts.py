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


# Each facet's own filter (a facet counts with every other filter applied).
OWN = {"category": ("category",), "stars": ("stars",), "place": ("place",), "price": ("min_price", "max_price")}


def _keys(price) -> dict:
    """The value each facet counts by, per product."""
    return {"category": literal(0, Integer), "stars": best_valid_stars(DAY),
            "place": func.coalesce(Producer.locality_id, 0), "price": _band_key(price)}


def own_branches(shape: tuple[bool, ...]) -> tuple[str, ...]:
    """The facets whose own filter is on: each needs its own count without that filter."""
    return tuple(facet for facet, own in OWN.items() if without(shape, *own) != shape)


def _branch(shape, price, facet: str | None) -> Select:
    """(category, facet, stars, place, price band, count) rows over the products the filters keep.

    facet=None: one pass keyed by every facet at once, over the products every filter keeps (it
    serves each facet whose own filter is off); a facet name: that facet alone, its filter off.
    """
    keys = _keys(price)
    names = tuple(keys) if facet is None else (facet,)
    columns = [keys[name].label(name) for name in names]
    inner = (filtered(shape if facet is None else without(shape, *OWN[facet]), price)
             .with_only_columns(Product.category_id.label("category_id"), *columns).subquery())
    grouped = [inner.c[name] for name in names]
    return (select(inner.c.category_id, literal(facet or "all", String).label("facet"),
                   *[inner.c[name] if name in names else literal(None, Integer).label(name)
                     for name in ("stars", "place", "price")],
                   func.count().label("n"))
            .group_by(inner.c.category_id, *grouped))


@lru_cache(maxsize=None)
def categories_with_counts(shape: tuple[bool, ...], price=Product.price) -> Select:
    """Every category (in menu order), each row with (facet, stars, place, band, count) of its products."""
    rows = union_all(_branch(shape, price, None),
                     *[_branch(shape, price, facet) for facet in own_branches(shape)]).subquery("facet_rows")
    return (select(Category, rows.c.facet, rows.c.stars, rows.c.place, rows.c.price, rows.c.n)
            .outerjoin(rows, rows.c.category_id == Category.id)
            .order_by(Category.position, Category.id))


def decode(rows, categories: list[Category], places: dict[int, str], own: tuple[str, ...]) -> dict[str, dict]:
    """The neutral counts (facet → value → count) from the rows: slugs, star levels, band keys.

    A row of facet "all" counts for every facet not in `own`; `places` maps a locality id to
    its slug; a group counts its own products and its children's.
    """
    by_id = {c.id: c for c in categories}
    group_slug = {c.group_code: c.slug for c in categories if c.parent_id is None}
    counts: dict[str, dict] = {name: defaultdict(int) for name in OWN}
    for category_id, facet, stars, place, band, n in rows:
        serves = [facet] if facet != "all" else [name for name in OWN if name not in own]
        category = by_id[category_id]
        if "category" in serves:
            counts["category"][category.slug] += n
            if category.parent_id is not None:
                counts["category"][group_slug.get(category.group_code, "")] += n
        if "stars" in serves:
            for level in STAR_LEVELS:
                counts["stars"][level] += n if stars >= level else 0
        if "place" in serves and place in places:
            counts["place"][places[place]] += n
        if "price" in serves:
            counts["price"][PRICE_BANDS[band][0]] += n
    return {name: dict(values) for name, values in counts.items()}
