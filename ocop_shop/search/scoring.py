"""BM25 scores read from cached postings, per index version.

Whoosh's own matchers score every matching document in Python (≈ 180 ms for a word
found in all 10,000 products, far over the 50 ms budget), so the scores are computed
here from the postings once per index version: BM25 per field (k1 = 1.2, b = 0.75)
summed over the fields with their boosts; a word's alternatives count by their best
match per field. Per-term and per-word scores are cached in the version's Columns.
"""
from __future__ import annotations

import math

from .reader import Columns, Snapshot
from .schema import EXACT_BOOST, NAME_BOOST

FIELD_BOOSTS = {"name": NAME_BOOST, "body": 1.0, "exact": EXACT_BOOST}
K1, B = 1.2, 0.75


def known(reader, word: str) -> bool:
    """Whether the word is indexed in a name or a body."""
    return reader.doc_frequency("name", word) > 0 or reader.doc_frequency("body", word) > 0


def frequency(reader, word: str) -> int:
    """Documents holding the word in their name plus those holding it in their body."""
    return reader.doc_frequency("name", word) + reader.doc_frequency("body", word)


def term_scores(snapshot: Snapshot, cols: Columns, fieldname: str, term: str) -> dict[int, float]:
    """BM25 contribution of one indexed word to each document holding it (cached per version)."""

    def make() -> dict[int, float]:
        reader = snapshot.searcher.reader()
        df = reader.doc_frequency(fieldname, term)
        if not df:
            return {}
        idf = math.log(1 + (cols.doc_count - df + 0.5) / (df + 0.5))
        boost = FIELD_BOOSTS[fieldname] * idf * (K1 + 1)
        lengths = getattr(cols, f"{fieldname}_len")
        norm = K1 * B / cols.average_length[fieldname]
        base = K1 * (1 - B)
        out = {}
        matcher = reader.postings(fieldname, term)  # deleted documents are skipped by Whoosh
        while matcher.is_active():
            d = matcher.id()
            tf = matcher.weight()
            out[d] = boost * tf / (tf + base + norm * lengths[d])
            matcher.next()
        return out

    with cols.lock:
        return cols.terms.get_or((fieldname, term), make)


def word_scores(snapshot: Snapshot, cols: Columns, alternatives: tuple) -> dict[int, float]:
    """A word's score per document: per field its best alternative, summed over the fields.

    `alternatives` holds (field, indexed word, factor) triples; the result is cached per version.
    """

    def make() -> dict[int, float]:
        return _sum_fields(_best_per_field(snapshot, cols, alternatives))

    with cols.lock:
        return cols.words.get_or(alternatives, make)


def _best_per_field(snapshot: Snapshot, cols: Columns, alternatives: tuple) -> dict[str, dict[int, float]]:
    per_field: dict[str, dict[int, float]] = {}
    for fieldname, term, factor in alternatives:
        scores = term_scores(snapshot, cols, fieldname, term)
        if not scores:
            continue
        best = per_field.get(fieldname)
        if best is None and factor == 1.0:
            per_field[fieldname] = scores  # shared with the term cache: never mutated
            continue
        merged = dict(best) if best is not None else {}
        for d, value in scores.items():
            value *= factor
            if value > merged.get(d, 0.0):
                merged[d] = value
        per_field[fieldname] = merged
    return per_field


def _sum_fields(per_field: dict[str, dict[int, float]]) -> dict[int, float]:
    dicts = sorted(per_field.values(), key=len, reverse=True)
    if not dicts:
        return {}
    total = dict(dicts[0])
    for other in dicts[1:]:
        for d, value in other.items():
            total[d] = total.get(d, 0.0) + value
    return total
