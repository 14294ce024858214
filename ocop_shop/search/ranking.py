"""Ordering the results and cutting one page, without a full sort when it is not needed.

By relevance, OCOP-certified products come first among equally good matches, and the best
matches holding the words side by side in a name are lifted; the other sorts use the columns.
"""
from __future__ import annotations

import heapq
from typing import Iterable

from .analysis import QueryWord, all_words, position_forms
from .folding import fold_word
from .matching import Match
from .reader import Columns, Snapshot

PHRASE_BOOST = 1.5        # the words side by side in a name ("hạt dẻ", not "hạt … dê")
RERANK = 100              # best matches checked for side-by-side words
CERTIFIED_LIFT = 0.03     # relevance × (1 + 0.03 × valid stars)


def page_of(snapshot: Snapshot, match: Match | None, allowed: set[int], sort: str, cols: Columns,
            stars: list[int], start: int, end: int, price: list[int] | None = None) -> list[int]:
    """The documents at positions start..end of the sorted results (no full sort when not needed).

    Price sorts use `price` (default: the indexed base price; see results.run_search)."""
    price = cols.price if price is None else price
    if sort == "relevance" and match is not None:
        return _by_relevance(snapshot, match, allowed, cols, stars, start, end)
    if sort == "price_asc":
        key = lambda d: (price[d], d)  # noqa: E731
    elif sort == "price_desc":
        key = lambda d: (-price[d], -d)  # noqa: E731
    elif sort == "stars":
        scores = match.docs if match is not None else {}
        key = lambda d: (-stars[d], -scores.get(d, 0.0), -cols.newest[d], -d)  # noqa: E731
    else:
        key = lambda d: (-cols.newest[d], -d)  # noqa: E731
    if end * 4 < len(allowed):
        return heapq.nsmallest(end, allowed, key=key)[start:end]
    return sorted(allowed, key=key)[start:end]


def _by_relevance(snapshot: Snapshot, match: Match, allowed: set[int], cols: Columns,
                  stars: list[int], start: int, end: int) -> list[int]:
    scores = match.docs

    def relevance(d: int) -> float:
        level = stars[d]
        # Among equally good matches, OCOP-certified products come first (a small lift per star).
        return scores[d] * (1 + CERTIFIED_LIFT * (level if level >= 3 else 0))

    top = heapq.nlargest(max(RERANK, end), allowed, key=lambda d: (relevance(d), cols.newest[d], -d))
    head = top[:RERANK]
    if len(match.words) > 1:
        stored = snapshot.searcher.stored_fields
        lifted = {d: relevance(d) * (PHRASE_BOOST if phrase_in(stored(d)["card"]["names"].values(),
                                                               match.words, False, exact=True) else 1.0)
                  for d in head}
        head = sorted(head, key=lambda d: (-lifted[d], -cols.newest[d], d))
    ordered = head + top[RERANK:]
    if end > len(ordered):
        rest = sorted(set(allowed) - set(ordered), key=lambda d: (-relevance(d), -cols.newest[d], d))
        ordered += rest
    return ordered[start:end]


def phrase_in(names: Iterable[str], words: list[QueryWord], typing: bool, exact: bool = False) -> str | None:
    """The words as a name writes them in a row ("hat d" in "Hạt dẻ Trùng Khánh" → "hạt dẻ").

    When the query ends with a space, the next word of the name completes it ("hat " → "hạt dẻ");
    with `exact`, the words themselves in a row are the answer.
    """
    wanted = [set(w.folded_forms) for w in words]
    n = len(wanted)
    # With a quantity or another region's name in the query, compare with what the index holds
    # per word ("lít" is also "l", "ngô" also "synngo"); otherwise the folded words are enough.
    analysed = any(w.quantity or w.synonyms for w in words)
    for name in names:
        tokens = all_words(name)
        folded = [fold_word(t) for t in tokens]
        forms = position_forms(name) if analysed else [(f,) for f in folded]
        for i in range(len(tokens) - n + 1):
            if not all(_holds(forms[i + k], wanted[k]) for k in range(n - 1)):
                continue
            last = _holds(forms[i + n - 1], wanted[-1])
            if exact and last:
                return " ".join(tokens[i:i + n])
            if typing and folded[i + n - 1].startswith(words[-1].folded):
                return " ".join(tokens[i:i + n])
            if not typing and last:
                return " ".join(tokens[i:i + n + 1])
    return None


def _holds(forms, wanted: set[str]) -> bool:
    return any(f in wanted for f in forms)
