"""Matching the words of a query: the forms each word is looked up under, and set combination.

A word's alternatives are the word as typed, its Telex/VNI-decoded and singular forms,
its quantity forms ("500 ml" → "500ml"), its regional-name group (a little below the word
itself), indexed words one typo away and, for the word being typed, completed prefixes.
"""
from __future__ import annotations

from dataclasses import dataclass

from .analysis import QueryWord
from .reader import Snapshot
from .scoring import frequency, known, word_scores
from .synonyms import is_group_word

MIN_FUZZY_LENGTH = 4      # one edit only on folded words of 4 letters or more
MAX_EXPANSIONS = 12       # fuzzy variants kept per word (the most frequent)
MIN_PREFIX_LENGTH = 2
TYPO_FACTOR = 0.7         # a word one typo away counts less than the word itself
PREFIX_FACTOR = 0.5       # and a completed prefix less again
SYNONYM_FACTOR = 0.8      # another region's name ranks below the name as typed
MAX_PREFIX_TERMS = 64     # completions of the word being typed (the most frequent)


@dataclass
class Match:
    """What a query matched: every matching document with its score, and what to highlight."""

    docs: dict[int, float]  # docnum → score (every matching document)
    terms: set[str]
    prefixes: tuple[str, ...]
    words: list[QueryWord]


def within(reader, word: str, maxdist: int) -> set[str]:
    """Indexed words up to maxdist edits away (same first letter); a swap of neighbours is one edit."""
    found: set[str] = set()
    for fieldname in ("name", "body"):
        found.update(reader.terms_within(fieldname, word, maxdist, prefix=1))
    for i in range(1, len(word) - 1):  # Whoosh's automaton counts a transposition as two edits
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if swapped != word and known(reader, swapped):
            found.add(swapped)
    found.discard(word)
    return found


def _fuzzy_terms(reader, word: str) -> list[str]:
    """Indexed words one edit away, most frequent first."""
    ranked = sorted(within(reader, word, 1), key=lambda t: (-frequency(reader, t), t))
    return ranked[:MAX_EXPANSIONS]


def _prefix_terms(reader, prefix: str) -> list[str]:
    """Indexed name words starting with prefix, the most frequent first."""
    found = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.expand_prefix("name", prefix)]
    found = [t for t in found if not is_group_word(t)]  # "s" is not the start of "synche"
    found.sort(key=lambda t: (-reader.doc_frequency("name", t), t))
    return found[:MAX_PREFIX_TERMS]


def _alternatives(reader, word: QueryWord, fuzzy: bool, prefix: bool, terms: set[str]) -> tuple:
    """(field, word, factor) triples a typed word is looked up under."""
    alts: list[tuple[str, str, float]] = []
    for form in word.folded_forms:
        factor = SYNONYM_FACTOR if form in word.synonyms else 1.0
        alts += [("name", form, factor), ("body", form, factor)]
    terms.update(word.highlight_forms)
    for form in word.exact_forms:
        alts.append(("exact", form, 1.0))
    if fuzzy:
        # Typos of what was typed (not of the Telex guess, which would pile guess on guess).
        for form in dict.fromkeys(f for f in (word.folded, word.singular) if f):
            if len(form) >= MIN_FUZZY_LENGTH and not any(known(reader, f) for f in word.folded_forms):
                for variant in _fuzzy_terms(reader, form):
                    alts += [("name", variant, TYPO_FACTOR), ("body", variant, TYPO_FACTOR)]
                    terms.add(variant)
    if prefix:
        alts += [("name", t, PREFIX_FACTOR) for t in _prefix_terms(reader, word.folded) if t != word.folded]
    return tuple(alts)


def word_documents(snapshot: Snapshot, word: QueryWord) -> set[int]:
    """Documents matching one word exactly (any of its forms, any field)."""
    reader = snapshot.searcher.reader()
    return set(word_scores(snapshot, snapshot.columns(), _alternatives(reader, word, False, False, set())))


def _match(snapshot: Snapshot, words: list[QueryWord], *, fuzzy: bool, prefix_last: bool,
           any_word: bool = False, fuzzy_last: bool = True) -> Match:
    """Documents holding every word (with `any_word`, any of them), scored by the sum of the words."""
    reader = snapshot.searcher.reader()
    cols = snapshot.columns()
    terms: set[str] = set()
    # The word being typed is a prefix: from 1 letter after other words ("ruou n"), else from 2.
    prefix_ok = prefix_last and len(words[-1].folded) >= (1 if len(words) > 1 else MIN_PREFIX_LENGTH)
    last = len(words) - 1
    scored = [
        word_scores(snapshot, cols, _alternatives(
            reader, w, fuzzy=fuzzy and (fuzzy_last or i < last), prefix=prefix_ok and i == last, terms=terms))
        for i, w in enumerate(words)
    ]
    docs = _any_of(scored) if any_word else _all_of(scored)
    prefixes = (words[-1].folded,) if prefix_ok else ()
    return Match(docs, terms, prefixes, words)


def _any_of(scored: list[dict[int, float]]) -> dict[int, float]:
    docs: dict[int, float] = {}
    for scores in scored:
        for d, value in scores.items():
            docs[d] = docs.get(d, 0.0) + value
    return docs


def _all_of(scored: list[dict[int, float]]) -> dict[int, float]:
    smallest = min(scored, key=len)
    common = set(smallest)
    for scores in scored:
        if scores is not smallest:
            common &= scores.keys()
    return {d: sum(scores[d] for scores in scored) for d in common}
