"""PostgreSQL backend: what each query word is looked up under, as SQL over search_documents.

The same alternatives as matching.py: the folded forms (as typed, Telex/VNI-decoded, singular)
in names and bodies, the exact forms (accents kept) in the exact text, indexed words one typo
away (pg_trgm finds candidates, the edit distance is checked here), and for the word being
typed its completions in names (a tsquery prefix). Every value reaches SQL as a bind
parameter; tsquery texts are built from quoted lexemes (pg_documents.any_of).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import text

from .analysis import QueryWord
from .matching import (MAX_EXPANSIONS, MAX_PREFIX_TERMS, MIN_FUZZY_LENGTH, MIN_PREFIX_LENGTH, PREFIX_FACTOR,
                       SYNONYM_FACTOR, TYPO_FACTOR)
from .pg_documents import any_of
from .schema import EXACT_BOOST, NAME_BOOST
from .synonyms import group_words

TRIGRAM_THRESHOLD = 0.25   # pg_trgm similarity for typo candidates (then checked by edit distance)
TRIGRAM_CANDIDATES = 200
K1, B = 1.2, 0.75          # BM25 length normalisation (one occurrence per word: lexemes, no counts)
AVERAGE_NAME, AVERAGE_BODY = 8.0, 80.0  # typical words per name and body, for that normalisation


@dataclass
class Word:
    """One query word's tsquery texts (None: no such alternative) and its weight."""

    folded: str
    exact: str | None
    typo: str | None
    prefix: str | None
    idf: float
    # The folded forms by weight relative to idf, best first (see ranked_forms).
    forms: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class PgMatch:
    words: list[QueryWord]
    lookups: list[Word]
    any_word: bool = False
    terms: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()


def edits(a: str, b: str, limit: int = 2) -> int:
    """Edit distance with a swap of neighbours counting as one (capped at limit + 1)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


class Vocabulary:
    """The indexed words (search_words) a query asks about, read once per query."""

    def __init__(self, conn):
        self.conn = conn
        self.counts: dict[str, int] = {}
        self.candidates: dict[str, list[str]] = {}  # word → similar indexed words (one trigram query each)
        # For this transaction: no JIT (compiling a search's plan costs more than running it), and
        # the trigram similarity the typo candidates start from.
        found = conn.scalar(text(
            "SELECT (SELECT name_docs FROM search_words WHERE word = '') FROM "
            "(SELECT set_config('jit', 'off', true), set_config('pg_trgm.similarity_threshold', :t, true)) AS s"),
            {"t": str(TRIGRAM_THRESHOLD)})
        self.total = max(int(found or 0), 1)

    def load(self, words: list[str]) -> None:
        wanted = [w for w in dict.fromkeys(words) if w not in self.counts]
        if wanted:
            found = dict(self.conn.execute(text(
                "SELECT word, name_docs + body_docs FROM search_words WHERE word = ANY(:w)"), {"w": wanted}).all())
            for w in wanted:
                self.counts[w] = int(found.get(w, 0))

    def known(self, word: str) -> bool:
        self.load([word])
        return self.counts[word] > 0

    def near(self, word: str, distance: int) -> list[str]:
        """Indexed words up to `distance` edits away with the same first letter, most frequent first."""
        if word not in self.candidates:
            rows = self.conn.execute(text(
                "SELECT word, name_docs + body_docs FROM search_words WHERE word % :w "
                "AND left(word, 1) = left(:w, 1) AND word <> :w ORDER BY similarity(word, :w) DESC LIMIT :n"),
                {"w": word, "n": TRIGRAM_CANDIDATES}).all()
            for w, n in rows:
                self.counts[w] = int(n)
            self.candidates[word] = [w for w, n in rows if n > 0]
        close = [w for w in self.candidates[word] if edits(word, w, distance) <= distance]
        return sorted(close, key=lambda w: (-self.counts[w], w))

    def completions(self, prefix: str) -> list[str]:
        """Indexed name words starting with prefix, the most frequent first, never a regional-name
        group's own word ("s" is not the start of "synche"), nor the word itself (as matching.py)."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(text(
            "SELECT word, name_docs + body_docs FROM search_words WHERE word LIKE :p AND name_docs > 0 "
            "AND word <> :w AND word <> ALL(:groups) ORDER BY name_docs DESC, word LIMIT :n"),
            {"p": pattern, "w": prefix, "groups": sorted(group_words()), "n": MAX_PREFIX_TERMS}).all()
        self.counts.update((w, int(n)) for w, n in rows)
        return [w for w, _n in rows]

    def idf(self, words: list[str]) -> float:
        df = min(max((self.counts.get(w, 0) for w in words), default=0), self.total)
        return math.log(1 + (self.total - df + 0.5) / (df + 0.5))


def build(vocab: Vocabulary, words: list[QueryWord], *, fuzzy: bool, prefix_last: bool,
          any_word: bool = False, fuzzy_last: bool = True) -> PgMatch:
    """The lookups of every word (see matching._match for the same rules on Whoosh)."""
    prefix_ok = prefix_last and len(words[-1].folded) >= (1 if len(words) > 1 else MIN_PREFIX_LENGTH)
    vocab.load([f for w in words for f in w.folded_forms])
    match = PgMatch(words=words, lookups=[], any_word=any_word,
                    prefixes=(words[-1].folded,) if prefix_ok else ())
    last = len(words) - 1
    for i, word in enumerate(words):
        match.terms.update(word.highlight_forms)
        typos: list[str] = []
        if fuzzy and (fuzzy_last or i < last) and not any(vocab.known(f) for f in word.folded_forms):
            for form in dict.fromkeys(f for f in (word.folded, word.singular) if f and len(f) >= MIN_FUZZY_LENGTH):
                typos += [t for t in vocab.near(form, 1)[:MAX_EXPANSIONS] if t not in typos]
        match.terms.update(typos)
        prefix = any_of(vocab.completions(word.folded)) if prefix_ok and i == last else None
        idf = vocab.idf(word.folded_forms if any(vocab.known(f) for f in word.folded_forms) else typos)
        match.lookups.append(Word(folded=any_of(word.folded_forms), exact=any_of(word.exact_forms),
                                  typo=any_of(typos), prefix=prefix, idf=idf, forms=ranked_forms(vocab, word, idf)))
    return match


def ranked_forms(vocab: Vocabulary, word: QueryWord, idf: float) -> list[tuple[str, float]]:
    """A word's folded forms as (tsquery, weight relative to idf), best first, as scoring.py weighs
    them on Whoosh (each by its own rarity): as typed; each quantity form on its own, so the
    quantity in base units ("500ml", rarer than "500" and "ml") lifts the products of exactly that
    quantity; another region's name × SYNONYM_FACTOR. Forms no document holds are left out."""
    groups = [(word.typed_forms, 1.0)] + [([q], 1.0) for q in word.quantity if q not in word.typed_forms]
    groups.append((word.synonyms, SYNONYM_FACTOR))
    out = []
    for forms, factor in groups:
        held = [f for f in forms if vocab.known(f)]
        if held:
            out.append((any_of(held), vocab.idf(held) * factor / idf))
    out.sort(key=lambda kv: -kv[1])
    return out or [(any_of(word.folded_forms), 1.0)]


def num(value: float) -> str:
    """A constant as double precision (numeric arithmetic on every row would cost far more)."""
    return f"CAST({float(value)!r} AS float8)"


def _norm(column: str, average: float) -> str:
    return f"({num(K1 + 1)} / ({num(1 + K1 * (1 - B))} + {num(K1 * B / average)} * d.{column}))"


def condition(match: PgMatch, params: dict) -> str:
    """SQL: a document holds every word (with any_word, any of them) in one of its forms."""
    parts = []
    for i, w in enumerate(match.lookups):
        params[f"f{i}"], params[f"e{i}"] = w.folded, w.exact
        name_q = " | ".join(q for q in (w.folded, w.typo, w.prefix) if q)
        body_q = " | ".join(q for q in (w.folded, w.typo) if q)
        params[f"n{i}"], params[f"b{i}"] = name_q, body_q
        # No exact_tsv here: a word found as typed is found folded too (names and labels are in both).
        parts.append(f"(d.name_tsv @@ CAST(:n{i} AS tsquery) OR d.body_tsv @@ CAST(:b{i} AS tsquery))")
    return "(" + (" OR " if match.any_word else " AND ").join(parts) + ")"


def score(match: PgMatch, params: dict) -> str:
    """SQL: the sum over the words of their best form per field, boosted and length-normalised."""
    terms = []
    for i, w in enumerate(match.lookups):
        params[f"f{i}"], params[f"e{i}"] = w.folded, w.exact
        name_cases, body_cases = [], []
        for j, (query, weight) in enumerate(w.forms):
            params[f"f{i}_{j}"] = query
            name_cases.append(f"WHEN d.name_tsv @@ CAST(:f{i}_{j} AS tsquery) THEN {num(weight)}")
            body_cases.append(f"WHEN d.body_tsv @@ CAST(:f{i}_{j} AS tsquery) THEN {num(weight)}")
        if w.typo:
            params[f"t{i}"] = w.typo
            name_cases.append(f"WHEN d.name_tsv @@ CAST(:t{i} AS tsquery) THEN {num(TYPO_FACTOR)}")
            body_cases.append(f"WHEN d.body_tsv @@ CAST(:t{i} AS tsquery) THEN {num(TYPO_FACTOR)}")
        if w.prefix:
            params[f"p{i}"] = w.prefix
            name_cases.append(f"WHEN d.name_tsv @@ CAST(:p{i} AS tsquery) THEN {num(PREFIX_FACTOR)}")
        terms.append(
            f"{num(w.idf)} * ({num(NAME_BOOST)} * (CASE {' '.join(name_cases)} ELSE {num(0)} END)"
            f" * {_norm('name_len', AVERAGE_NAME)}"
            f" + (CASE {' '.join(body_cases)} ELSE {num(0)} END) * {_norm('body_len', AVERAGE_BODY)}"
            f" + (CASE WHEN d.exact_tsv @@ CAST(:e{i} AS tsquery) THEN {num(EXACT_BOOST)} ELSE {num(0)} END)"
            f" * {_norm('name_len', AVERAGE_NAME)})")
    return " + ".join(terms) if terms else num(0)


def count_upto(conn, match: PgMatch, limit: int) -> int:
    """How many documents match (all, on sale or not, as matching._match counts), up to limit."""
    params: dict = {"limit": limit}
    where = condition(match, params)
    return int(conn.scalar(text(f"SELECT count(*) FROM (SELECT 1 FROM search_documents d WHERE {where} "
                                "LIMIT :limit) AS found"), params))
