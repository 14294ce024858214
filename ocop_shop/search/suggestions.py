"""Suggestions while typing: completed search terms and a few products, the last word a prefix."""
from __future__ import annotations

from collections import Counter
from datetime import date

from .analysis import clean_query, query_words
from .ranking import page_of, phrase_in
from .reader import Snapshot
from .results import find

SUGGEST_POOL = 40         # best matches a suggestion list is picked from


def run_suggest(snapshot: Snapshot | None, raw_query: str, today: date, limit_products: int = 6,
                limit_terms: int = 5) -> dict:
    """Products and completed search terms for what is being typed (the last word as a prefix)."""
    query = clean_query(raw_query)
    words = query_words(query)
    if snapshot is None or not words:
        return {"query": query, "terms": [], "products": []}
    typing = bool(raw_query) and not raw_query[-1].isspace()
    match, _relaxed = find(snapshot, words, typing=typing)
    cols = snapshot.columns()
    stars = cols.stars_on(today)
    ranked = page_of(snapshot, match, set(match.docs) & cols.on_sale(today), "relevance", cols, stars, 0, SUGGEST_POOL)
    stored = snapshot.searcher.stored_fields
    return answer(query, words, typing, [stored(d) for d in ranked], limit_products, limit_terms)


def answer(query: str, words: list, typing: bool, ranked: list[dict], limit_products: int,
           limit_terms: int) -> dict:
    """The suggestions for the best matches' stored fields ({"id", "card"}, best first), either engine."""
    cards = []
    for fields in ranked:
        phrase = phrase_in(fields["card"]["names"].values(), words, typing)
        cards.append((phrase is None, fields, phrase))
    counts = Counter(phrase.lower() for _miss, _f, phrase in cards if phrase)
    terms = [p for p, _c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    products = [dict(f["card"], id=int(f["id"])) for f in _interleave(cards, terms, limit_products)]
    return {"query": query, "terms": terms[:limit_terms], "products": products}


def _interleave(cards: list[tuple], terms: list[str], limit: int) -> list[dict]:
    """One product per completed term in turn ("hạt dổi…", "hạt dẻ…", "hạt dổi…"), then the rest."""
    groups: dict[str | None, list[dict]] = {t: [] for t in terms}
    groups[None] = []
    for _miss, fields, phrase in cards:
        groups[phrase.lower() if phrase else None].append(fields)
    picked: list[dict] = []
    while len(picked) < limit and any(groups[t] for t in terms):
        for t in terms:
            if groups[t] and len(picked) < limit:
                picked.append(groups[t].pop(0))
    picked += groups[None][:limit - len(picked)]
    return picked
