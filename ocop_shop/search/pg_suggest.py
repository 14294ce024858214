"""PostgreSQL backend: suggestions while typing (completed terms and a few products), as suggestions.py."""
from __future__ import annotations

from datetime import date

from sqlalchemy import text

from .analysis import clean_query, query_words
from .pg_vocabulary import Vocabulary
from .pg_results import best_ids, find
from .suggestions import SUGGEST_POOL, answer


def run_suggest(conn, raw_query: str, today: date, limit_products: int = 6, limit_terms: int = 5) -> dict:
    """Products and completed search terms for what is being typed (the last word as a prefix)."""
    query = clean_query(raw_query)
    words = query_words(query)
    if not words:
        return {"query": query, "terms": [], "products": []}
    typing = bool(raw_query) and not raw_query[-1].isspace()
    match, found, _relaxed = find(conn, Vocabulary(conn), words, typing=typing)
    if not found:
        return {"query": query, "terms": [], "products": []}
    ids = best_ids(conn, match, today, SUGGEST_POOL)
    stored = dict(conn.execute(text("SELECT product_id, card FROM search_documents WHERE product_id = ANY(:ids)"),
                               {"ids": ids}).all())
    return answer(query, words, typing, [{"id": pid, "card": stored[pid]} for pid in ids], limit_products, limit_terms)
