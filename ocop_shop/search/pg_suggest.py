"""PostgreSQL backend: suggestions while typing (completed terms and a few products), as suggestions.py."""
from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import text

from .analysis import clean_query, query_words
from .pg_match import Vocabulary
from .pg_results import best_ids, find, matched
from .ranking import phrase_in
from .suggestions import SUGGEST_POOL, _interleave


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
    params: dict = {}
    head = matched(match, params, today, None)
    ids = best_ids(conn, head, params, match, SUGGEST_POOL)
    stored = dict(conn.execute(text("SELECT product_id, card FROM search_documents WHERE product_id = ANY(:ids)"),
                               {"ids": ids}).all())
    cards = []
    for pid in ids:
        fields = {"id": pid, "card": stored[pid]}
        phrase = phrase_in(fields["card"]["names"].values(), words, typing)
        cards.append((phrase is None, fields, phrase))
    counts = Counter(phrase.lower() for _miss, _f, phrase in cards if phrase)
    terms = [p for p, _c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    products = [dict(f["card"], id=int(f["id"])) for f in _interleave(cards, terms, limit_products)]
    return {"query": query, "terms": terms[:limit_terms], "products": products}
