"""Product search: the one interface the rest of the app uses (DESIGN §3 rule 2).

Only this package imports whoosh. Pages call `search()`, `suggest()`,
`popular_product_ids()` and `highlight()`; the CLI calls `sync()` and `reindex()`;
`init_app()` registers the session listeners that keep the index in step with the
database. Two engines answer behind these functions (SEARCH_BACKEND, backend.py):
Whoosh (an index folder per machine, the default) and PostgreSQL full-text search
(pg_*.py: tables in the shared database). Nothing outside this package knows which runs.
"""
from __future__ import annotations

from datetime import date
from typing import Callable

from flask import Flask, current_app

from ..timeutil import local_today
from .highlight import highlight, snippet
from .facets import PRICE_BANDS, STAR_LEVELS, Facets, Filters, band_for
from .results import SORTS, Results

__all__ = [
    "init_app", "search", "suggest", "popular_product_ids", "highlight", "snippet", "sync",
    "reindex", "pending", "Filters", "Results", "Facets", "PRICE_BANDS", "SORTS", "STAR_LEVELS",
    "band_for",
]


def init_app(app: Flask) -> None:
    """Keep the index in step with committed product changes (session listeners)."""
    from . import models  # noqa: F401  (the outbox table on the metadata)
    from .backend import refuse_unusable
    from .outbox import register_listeners

    refuse_unusable(app.config)

    register_listeners()


def _snapshot():
    from .reader import snapshot
    from .outbox import store_for

    return snapshot(store_for())


def search(query: str, filters: Filters | None = None, sort: str = "relevance", page: int = 1,
           per_page: int | None = None, today: date | None = None, prices: dict[int, int] | None = None) -> Results:
    """One page of product ids matching the query and filters, with facets (never raises on input).

    The index stores base prices; `prices` (product id → price now, for the products whose price
    differs, e.g. promotions.pricing.discounted_prices()) is what price filters, bands and sorts use.
    """
    from .backend import connection, on_postgres
    from .results import run_search

    if on_postgres():
        from .pg_results import run_search as run_pg

        return run_pg(connection(), query or "", filters or Filters(), sort, page,
                      per_page or current_app.config.get("PRODUCTS_PER_PAGE", 24), today or local_today(), prices)
    return run_search(_snapshot(), query or "", filters or Filters(), sort, page,
                      per_page or current_app.config.get("PRODUCTS_PER_PAGE", 24), today or local_today(),
                      prices)


def suggest(query: str, limit: int = 6, today: date | None = None) -> dict:
    """Search terms and products for the text being typed: {"query", "terms", "products"}."""
    from .backend import connection, on_postgres
    from .suggestions import run_suggest

    if on_postgres():
        from .pg_suggest import run_suggest as run_pg

        return run_pg(connection(), query or "", today or local_today(), limit_products=limit)
    return run_suggest(_snapshot(), query or "", today or local_today(), limit_products=limit)


def popular_product_ids(limit: int = 8, today: date | None = None) -> list[int]:
    """Products to offer when nothing matched: best valid stars, then newest; no alcohol."""
    from .backend import connection, on_postgres
    from .results import popular

    if on_postgres():
        from .pg_results import popular as pg_popular

        return pg_popular(connection(), today or local_today(), limit)
    return popular(_snapshot(), today or local_today(), limit)


def sync() -> int:
    """Apply every pending outbox row now; returns how many were applied.

    With no index at all yet (a new install, a restored backup), it builds one instead.
    """
    from ..extensions import db
    from .backend import on_postgres
    from .outbox import apply_outbox, store_for

    if on_postgres():
        from . import pg_apply

        if pg_apply.is_empty(db.engine):
            return reindex()["indexed"]
        return pg_apply.apply_outbox(db.engine)
    store = store_for()
    if store.current_name() is None:
        return reindex()["indexed"]
    return apply_outbox(store, db.engine)


def reindex(progress: Callable[[int, int], None] | None = None) -> dict:
    """Rebuild the index (Whoosh: in a new folder, swapped in), replay rows written meanwhile."""
    from ..extensions import db
    from .backend import on_postgres
    from .outbox import reindex as rebuild, store_for

    if on_postgres():
        from .pg_apply import reindex as rebuild_table

        return rebuild_table(db.engine, progress=progress)

    return rebuild(store_for(), db.engine, progress=progress)


def pending() -> int:
    """Outbox rows not applied yet."""
    from ..extensions import db
    from .outbox import pending_count

    return pending_count(db.engine)


def word_share(word: str) -> float:
    """Share of indexed products holding the word in any form it is looked up under (0–1)."""
    from .analysis import QueryWord
    from .backend import on_postgres
    from .matching import word_documents

    if on_postgres():
        from .pg_queries import word_share as pg_share

        return pg_share(word)
    snap = _snapshot()
    if snap is None:
        return 0.0
    cols = snap.columns()
    return len(word_documents(snap, QueryWord(word))) / max(cols.doc_count, 1)


def indexed_ids() -> set[int]:
    """Ids of every product in the index (checks and tests)."""
    from .backend import on_postgres

    if on_postgres():
        from .pg_queries import indexed_ids as pg_ids

        return pg_ids()
    snap = _snapshot()
    if snap is None:
        return set()
    return {int(fields["id"]) for fields in snap.searcher.all_stored_fields()}


def indexed_document(product_id: int) -> dict | None:
    """The stored card of one indexed product ({"id", "card", …}), or None."""
    from .backend import on_postgres

    if on_postgres():
        from .pg_queries import indexed_document as pg_document

        return pg_document(product_id)
    snap = _snapshot()
    if snap is None:
        return None
    fields = snap.searcher.document(id=str(product_id))
    return fields


def ready() -> bool:
    """Whether this server can answer searches (an index or the search table exists; /readyz asks)."""
    from .backend import on_postgres
    from .outbox import store_for

    if on_postgres():
        from ..extensions import db
        from .pg_apply import table_exists

        return table_exists(db.engine)

    return store_for().current_name() is not None
