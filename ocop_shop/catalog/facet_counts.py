"""The catalog's facet counts in SQL, carried by the query that loads the categories.

Each facet counts the public products with every filter but its own (as the search engine's
facets do). The counts come as (category id, facet, key, count) rows of one UNION ALL, after
the categories: the page loads its filter choices and its counts in one round trip, so
the catalog runs no more queries than it did without counts.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import Integer, Select, String, case, func, literal, null, select, type_coerce, union_all
from sqlalchemy.orm import aliased

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


def _facet_row(category_id, facet: str, name: str | None, key, n) -> Select:
    """A (category, facet, stars, place, price band, count) row with only `name`'s key filled."""
    return (category_id.label("category_id"), literal(facet, String).label("facet"),
            *[key.label(other) if other == name else literal(None, Integer).label(other)
              for other in ("stars", "place", "price")], n.label("n"))


def _branch(shape, price, facet: str) -> Select:
    """Count rows of one facet whose own filter is on: that facet alone, its filter off."""
    inner = (filtered(without(shape, *OWN[facet]), price)
             .with_only_columns(Product.category_id.label("category_id"), _keys(price)[facet].label(facet))
             .subquery())
    return (select(*_facet_row(inner.c.category_id, facet, facet, inner.c[facet], func.count()))
            .group_by(inner.c.category_id, inner.c[facet]))


def _common_branches(shape, price) -> list[Select]:
    """Count rows of every facet whose own filter is off, from one pass over the products.

    The products every filter keeps, with their key for each facet, are worked out once (a
    materialized CTE: stars and current price cost a subquery per product) and counted per
    facet from there: a few dozen rows, where grouping by all four keys at once gave hundreds
    that the page then had to load and add up.
    """
    keys = _keys(price)
    kept = (filtered(shape, price)
            .with_only_columns(Product.category_id.label("category_id"),
                               *[keys[name].label(name) for name in OWN if name != "category"])
            .cte("facet_keys").prefix_with("MATERIALIZED"))
    branches = []
    for name in OWN:
        if name in own_branches(shape):
            continue
        if name == "category":
            branches.append(select(*_facet_row(kept.c.category_id, name, None, None, func.count()))
                            .group_by(kept.c.category_id))
        else:
            branches.append(select(*_facet_row(literal(None, Integer), name, name, kept.c[name], func.count()))
                            .group_by(kept.c[name]))
    return branches


@lru_cache(maxsize=None)
def categories_with_counts(shape: tuple[bool, ...], price=Product.price) -> Select:
    """Every category (in menu order), then the (category id, facet, stars, place, band, count) rows.

    One UNION ALL: a row per category (its count columns NULL), then the count rows (their
    category NULL, so the ORM yields None there). Joining each count row onto its category
    instead made the ORM load the category again for every count row (hundreds a page, each
    decoding the category's JSON content).
    """
    counts = union_all(*_common_branches(shape, price),
                       *[_branch(shape, price, facet) for facet in own_branches(shape)]).subquery("facet_rows")
    nothing = [type_coerce(null(), column.type).label(column.key) for column in Category.__table__.c]
    count_columns = ("category_id", "facet", "stars", "place", "price", "n")
    rows = union_all(
        select(*Category.__table__.c, *[type_coerce(null(), counts.c[name].type).label(name) for name in count_columns],
               literal(0, Integer).label("part")),
        select(*nothing, *[counts.c[name] for name in count_columns], literal(1, Integer).label("part")),
    ).subquery("category_rows")
    category = aliased(Category, rows)
    return (select(category, *[rows.c[name] for name in count_columns])
            .order_by(rows.c.part, rows.c.position, rows.c.id))


def decode(rows, categories: list[Category], places: dict[int, str]) -> dict[str, dict]:
    """The neutral counts (facet → value → count) from the rows: slugs, star levels, band keys.

    Each row counts for its own facet; `places` maps a locality id to its slug; a group counts
    its own products and its children's.
    """
    by_id = {c.id: c for c in categories}
    group_slug = {c.group_code: c.slug for c in categories if c.parent_id is None}
    counts: dict[str, dict] = {name: defaultdict(int) for name in OWN}
    for category_id, facet, stars, place, band, n in rows:
        if facet == "category":
            category = by_id[category_id]
            counts["category"][category.slug] += n
            if category.parent_id is not None:
                counts["category"][group_slug.get(category.group_code, "")] += n
        elif facet == "stars":
            for level in STAR_LEVELS:
                counts["stars"][level] += n if stars >= level else 0
        elif facet == "place" and place in places:
            counts["place"][places[place]] += n
        elif facet == "price":
            counts["price"][PRICE_BANDS[band][0]] += n
    return {name: dict(values) for name, values in counts.items()}
