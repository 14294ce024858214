"""The catalog's facet counts and total in SQL, carried by the query that loads the categories.

Each facet counts the public products with every filter but its own (as the search engine's
facets do). The counts come as (facet, key, count) rows of one UNION ALL, after the
categories: the page loads its categories, its counts and its total in one round trip, and
reads them as plain rows (no ORM instances to build).
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import CompoundSelect, Integer, Select, String, case, func, literal_column, null, select, type_coerce, union_all

from ..database import sql_constant
from ..producers.models import Producer
from .filtering import filtered, without
from .filters import PRICE_BANDS, STAR_LEVELS
from .models import Category, Certification, Product, certification_products
from .queries import DAY

# Each facet's own filter (a facet counts with every other filter applied).
OWN = {"category": ("category",), "stars": ("stars",), "place": ("place",), "price": ("min_price", "max_price")}
CATEGORY_COLUMNS = ("id", "slug", "parent_id", "group_code", "position", "content")
COUNT_COLUMNS = ("facet", "key", "n")


def _band_key(price):
    """The index of the price band a price falls in (PRICE_BANDS order)."""
    whens = [(price <= sql_constant(high, Integer), sql_constant(i, Integer))
             for i, (_band, _low, high) in enumerate(PRICE_BANDS) if high is not None]
    return case(*whens, else_=sql_constant(len(PRICE_BANDS) - 1, Integer))


def own_branches(shape: tuple[bool, ...]) -> tuple[str, ...]:
    """The facets whose own filter is on: each needs its own count without that filter."""
    return tuple(facet for facet, own in OWN.items() if without(shape, *own) != shape)


def _keyed(shape: tuple[bool, ...], price) -> Select:
    """The products a shape keeps, with what the facets count them by.

    The price is a column here and its band is taken outside: a CASE over the price expression
    would run its per-product subquery once per band tried. Stars are not a column: they are
    counted from the certificates of these products (_stars_counts), which costs a pass over
    the certified products rather than a subquery per product.
    """
    return filtered(shape, price).with_only_columns(
        Product.id.label("id"), Product.category_id.label("category_id"),
        func.coalesce(Producer.locality_id, 0).label("place"), price.label("price"))


def _count_by(source, facet: str, key) -> Select:
    """(facet, key, count) rows of a facet over `source`, grouped by `key` (named by its label, so the
    price band's CASE is written once; no source has a column called key)."""
    return (select(sql_constant(facet, String).label("facet"), key.label("key"), func.count().label("n"))
            .select_from(source).group_by(literal_column("key")))


def _stars_counts(source) -> Select:
    """Products of `source` by their best star level valid on the day (uncertified ones left out)."""
    best = (select(func.max(Certification.stars).label("stars"))
            .select_from(source)
            .join(certification_products, certification_products.c.product_id == source.c.id)
            .join(Certification, Certification.id == certification_products.c.certification_id)
            .where(Certification.valid_on(DAY))
            .group_by(source.c.id)
            .subquery("best_stars"))
    return _count_by(best, "stars", best.c.stars)


def _facet_counts(source, facet: str) -> Select:
    """One facet's count rows over a selectable of _keyed() rows."""
    if facet == "stars":
        return _stars_counts(source)
    key = {"category": source.c.category_id, "place": source.c.place, "price": _band_key(source.c.price)}[facet]
    return _count_by(source, facet, key)


def _count_rows(shape: tuple[bool, ...], price) -> list[Select]:
    """The total, then each facet's counts.

    The products every filter keeps are worked out once (a materialized CTE: the current price
    costs a subquery per product) and counted per facet from there; a facet whose own filter is
    on counts a pass of its own without that filter.
    """
    kept = _keyed(shape, price).cte("facet_keys").prefix_with("MATERIALIZED")
    own = own_branches(shape)
    rows = [select(sql_constant("total", String).label("facet"), type_coerce(null(), Integer).label("key"),
                   func.count().label("n")).select_from(kept)]
    for facet in OWN:
        source = _keyed(without(shape, *OWN[facet]), price).subquery(f"without_{facet}") if facet in own else kept
        rows.append(_facet_counts(source, facet))
    return rows


@lru_cache(maxsize=None)
def categories_with_counts(shape: tuple[bool, ...], price=Product.price) -> CompoundSelect:
    """Every category (menu order), then the (facet, key, count) rows, as plain columns.

    One UNION ALL, ordered by its own columns: a row per category (its count columns NULL), then
    the count rows (their category columns NULL). Cached per shape and `price` object (callers
    pass the same one).
    """
    counts = union_all(*_count_rows(shape, price)).subquery("facet_rows")
    table = Category.__table__
    return union_all(
        select(*[table.c[name] for name in CATEGORY_COLUMNS],
               *[type_coerce(null(), counts.c[name].type).label(name) for name in COUNT_COLUMNS],
               sql_constant(0, Integer).label("part")),
        select(*[type_coerce(null(), table.c[name].type).label(name) for name in CATEGORY_COLUMNS],
               *[counts.c[name] for name in COUNT_COLUMNS], sql_constant(1, Integer).label("part")),
    ).order_by("part", "position", "id")


def decode(rows, categories: list, places: dict[int, str]) -> tuple[dict[str, dict], int]:
    """The neutral counts (facet → value → count) and the total from the (facet, key, n) rows.

    `categories` are the rows' categories (id, slug, parent_id, group_code); `places` maps a
    locality id to its slug; a group counts its own products and its children's.
    """
    by_id = {c.id: c for c in categories}
    group_slug = {c.group_code: c.slug for c in categories if c.parent_id is None}
    counts: dict[str, dict] = {name: defaultdict(int) for name in OWN}
    total = 0
    for facet, key, n in rows:
        if facet == "total":
            total = n
        elif facet == "category":
            category = by_id[key]
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
    return {name: dict(values) for name, values in counts.items()}, total
