"""The results page: match the query, count facets, sort and cut one page of product ids.

Everything here reads a warm searcher (reader.snapshot) and never the database; pages
load the products of one result page by id. bench/search_bench.py times `_match` and
`_facets` by wrapping them in this module, so they are called through these names here.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

from .analysis import QueryWord, clean_query, query_words
from .facets import Facets, Filters, _facets, empty_facets
from .matching import Match, _match
from .ranking import page_of
from .reader import Snapshot
from .spelling import did_you_mean

SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")
FEW_RESULTS = 3           # below this, typo tolerance and prefixes join in


@dataclass
class Results:
    """One page of search results (product ids in order) and what the page says about them."""

    query: str
    product_ids: list[int]
    total: int
    page: int
    last_page: int
    per_page: int
    sort: str
    facets: Facets
    relaxed: str | None = None          # None, "typo" (typos and prefixes allowed) or "some_words"
    suggestion: str | None = None       # did you mean (accented)
    terms: frozenset[str] = frozenset()  # folded words to highlight
    prefixes: tuple[str, ...] = ()


def find(snapshot: Snapshot, words: list[QueryWord], typing: bool = False) -> tuple[Match, str | None]:
    """Exact (with Telex/VNI forms) first; typos and prefixes when that finds fewer than 3.

    The last word may still be being typed: when the whole words find fewer than 3, the
    last one also counts as a prefix ("ruou ngo cai v"), still an exact match, whole-word
    matches first. While typing (suggestions) the last word is a prefix from the start and
    is never "corrected", and no fallback to some of the words is made.
    """
    match = _match(snapshot, words, fuzzy=False, prefix_last=typing)
    if not typing and len(match.docs) < FEW_RESULTS:
        completed = _match(snapshot, words, fuzzy=False, prefix_last=True)
        if len(completed.docs) > len(match.docs):
            match = completed
    relaxed = None
    if len(match.docs) < FEW_RESULTS:
        wider = _match(snapshot, words, fuzzy=True, prefix_last=True, fuzzy_last=not typing)
        if len(wider.docs) > len(match.docs):
            match, relaxed = wider, "typo"
    if not match.docs and len(words) > 1 and not typing:
        some = _match(snapshot, words, fuzzy=True, prefix_last=True, any_word=True)
        if some.docs:
            match, relaxed = some, "some_words"
    return match, relaxed


def empty_results(query: str, sort: str, per_page: int) -> Results:
    """A first and last page with nothing on it."""
    return Results(query=query, product_ids=[], total=0, page=1, last_page=1, per_page=per_page,
                   sort=sort, facets=empty_facets())


def run_search(snapshot: Snapshot | None, raw_query: str, filters: Filters, sort: str, page: int,
               per_page: int, today: date, prices: dict[int, int] | None = None) -> Results:
    """Search, facet, sort and cut one page (page clamped to 1..last).

    `prices` (product id → price) replaces the indexed base price of the products a shopper
    pays another price for now, in the price filter, bands and sorts.
    """
    query = clean_query(raw_query)
    sort = sort if sort in SORTS else "relevance"
    if snapshot is None:
        return empty_results(query, sort, per_page)
    words = query_words(query)
    if query and not words:  # only emoji or punctuation: nothing can match
        return empty_results(query, sort, per_page)
    cols = snapshot.columns()
    stars = cols.stars_on(today)
    relaxed = suggestion = None
    match = None
    if words:
        match, relaxed = find(snapshot, words)
        docs = set(match.docs) & cols.on_sale(today)
        if relaxed or not match.docs:
            suggestion = did_you_mean(snapshot, words)
    else:
        docs = set(cols.on_sale(today))
        if sort == "relevance":
            sort = "newest"
    price = cols.prices_with(snapshot.searcher, prices)
    facets, allowed = _facets(docs, filters, cols, stars, price)
    total = len(allowed)
    page, last_page = _clamp(page, total, per_page)
    start = (page - 1) * per_page
    chosen = page_of(snapshot, match, allowed, sort, cols, stars, start, start + per_page, price)
    stored = snapshot.searcher.stored_fields
    ids = [int(stored(d)["id"]) for d in chosen]
    return Results(query=query, product_ids=ids, total=total, page=page, last_page=last_page,
                   per_page=per_page, sort=sort, facets=facets, relaxed=relaxed, suggestion=suggestion,
                   terms=frozenset(match.terms if match else ()), prefixes=match.prefixes if match else ())


def _clamp(page: int, total: int, per_page: int) -> tuple[int, int]:
    """The page clamped to 1..last, and the last page."""
    last_page = max(1, -(-total // per_page))
    return min(max(page, 1), last_page), last_page


def popular(snapshot: Snapshot | None, today: date, limit: int = 8, exclude_adult: bool = True) -> list[int]:
    """Product ids for the empty state: best valid stars first, then the newest."""
    if snapshot is None:
        return []
    cols = snapshot.columns()
    stars = cols.stars_on(today)
    stored = snapshot.searcher.stored_fields
    out: list[int] = []
    for d in heapq.nsmallest(limit * 4 + 50, cols.on_sale(today), key=lambda d: (-stars[d], -cols.newest[d], -d)):
        fields = stored(d)
        if exclude_adult and fields["card"].get("adult"):
            continue
        out.append(int(fields["id"]))
        if len(out) >= limit:
            break
    return out
