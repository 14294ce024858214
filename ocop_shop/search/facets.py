"""The shared filters and the facet counts, done with sets and the index's column arrays."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from ..catalog.filters import PRICE_BANDS, STAR_LEVELS  # the listing's one definition (both pages)
from .documents import NO_VALUE
from .reader import Columns


@dataclass(frozen=True)
class Filters:
    """The shared filters (DESIGN §5), already parsed: None means not filtered."""

    category: str | None = None
    stars: int | None = None
    place: str | None = None
    producer: str | None = None
    min_price: int | None = None
    max_price: int | None = None


@dataclass
class Facets:
    """Counts per value; each facet counts the query with every *other* filter applied."""

    group: list[tuple[str, int]] = field(default_factory=list)
    stars: list[tuple[int, int]] = field(default_factory=list)
    place: list[tuple[str, int]] = field(default_factory=list)
    price: list[tuple[str, int]] = field(default_factory=list)


def band_for(min_price: int | None, max_price: int | None) -> str | None:
    """The price band these bounds select exactly, if any."""
    for band, low, high in PRICE_BANDS:
        if (low, high) == (min_price, max_price) or (low is None and min_price in (None, 0) and high == max_price):
            return band
    return None


def empty_facets() -> Facets:
    """The facets of a search that found nothing: every star level and price band at 0."""
    return Facets(stars=[(n, 0) for n in STAR_LEVELS], price=[(b, 0) for b, _l, _h in PRICE_BANDS])


def _filter_sets(filters: Filters, cols: Columns, docs: set[int], price: list[int]) -> dict[str, set[int]]:
    """For each active filter (by facet name), the documents among `docs` it lets through."""
    sets: dict[str, set[int]] = {}
    if filters.category:
        sets["group"] = cols.docs_where("group", filters.category) | cols.docs_where("subcategory", filters.category)
    if filters.place:
        sets["place"] = cols.docs_where("locality", filters.place) | cols.docs_where("parent_locality", filters.place)
    if filters.producer:
        sets["producer"] = cols.docs_where("producer", filters.producer)
    if filters.stars:
        sets["stars"] = cols.docs_where("stars", filters.stars)
    if filters.min_price is not None or filters.max_price is not None:
        low = filters.min_price if filters.min_price is not None else -1
        high = filters.max_price if filters.max_price is not None else math.inf
        sets["price"] = {d for d in docs if low <= price[d] <= high}
    return sets


def _band_index(price: int) -> int:
    for i, (_band, low, high) in enumerate(PRICE_BANDS):
        if (low is None or price >= low) and (high is None or price <= high):
            return i
    return len(PRICE_BANDS) - 1


def _facets(docs: set[int], filters: Filters, cols: Columns, stars: list[int],
            price: list[int] | None = None) -> tuple[Facets, set[int]]:
    """Facet counts (each with every filter but its own) and the documents passing every filter.

    `price`: each document's price for the price filter and bands (default: the indexed base
    price; the search page passes the price a shopper pays now).
    """
    price = cols.price if price is None else price
    sets = _filter_sets(filters, cols, docs, price)

    def base(facet: str) -> set[int] | Iterable[int]:
        result = docs
        for name, allowed in sets.items():
            if name != facet:
                result = result & allowed
        return result

    groups = Counter(map(cols.group.__getitem__, base("group")))
    places = Counter(map(cols.locality.__getitem__, base("place")))
    places.pop(NO_VALUE, None)
    levels = Counter(map(stars.__getitem__, base("stars")))
    bands = Counter(_band_index(price[d]) for d in base("price"))
    facets = Facets(
        group=sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])),
        stars=[(n, sum(c for level, c in levels.items() if level >= n)) for n in STAR_LEVELS],
        place=sorted(places.items(), key=lambda kv: (-kv[1], kv[0])),
        price=[(band, bands.get(i, 0)) for i, (band, _low, _high) in enumerate(PRICE_BANDS)],
    )
    allowed = docs
    for chosen in sets.values():
        allowed = allowed & chosen
    return facets, allowed
