"""PostgreSQL backend: the indexed words a query asks about (search_words), read once per query.

How many documents hold a word in their names and in their bodies (idf, whether a word is known,
which tests can be true), the indexed words one typo away (pg_trgm candidates checked by edit
distance), the completions of the word being typed, and which forms typed without marks some
name holds as typed (exact_tsv).
"""
from __future__ import annotations

import math

from sqlalchemy import text

from .analysis import QueryWord
from .matching import MAX_PREFIX_TERMS
from .pg_documents import any_of
from .synonyms import group_words

TRIGRAM_THRESHOLD = 0.25   # pg_trgm similarity for typo candidates (then checked by edit distance)
TRIGRAM_CANDIDATES = 200


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
        self.fields: dict[str, tuple[int, int]] = {}  # word → (documents with it in their name, in their body)
        self.exact: dict[str, bool] = {}  # an exact form typed without marks → whether some name holds it
        self.candidates: dict[str, list[str]] = {}  # word → similar indexed words (one trigram query each)
        # For this transaction: no JIT (compiling a search's plan costs more than running it), and
        # the trigram similarity the typo candidates start from.
        found = conn.scalar(text(
            "SELECT (SELECT name_docs FROM search_words WHERE word = '') FROM "
            "(SELECT set_config('jit', 'off', true), set_config('pg_trgm.similarity_threshold', :t, true)) AS s"),
            {"t": str(TRIGRAM_THRESHOLD)})
        self.total = max(int(found or 0), 1)

    def load(self, words: list[str]) -> None:
        wanted = [w for w in dict.fromkeys(words) if w not in self.fields]
        if wanted:
            found = {w: (n, b) for w, n, b in self.conn.execute(text(
                "SELECT word, name_docs, body_docs FROM search_words WHERE word = ANY(:w)"), {"w": wanted})}
            self._keep([(w, *found.get(w, (0, 0))) for w in wanted])

    def held_exact(self, words: list[QueryWord]) -> list[list[str]]:
        """Each word's exact forms some name may hold: a form typed without marks (one of its folded
        forms) is asked of exact_tsv's index, once a query for all, and left out when no name holds it
        (usually so: names keep their marks), so its test, never true, is not made on every match.
        Forms with marks are nearly always held, and asking costs ~1 ms for a common one: kept untested."""
        plain = [e for w in words for e in w.exact_forms if e in w.folded_forms and e not in self.exact]
        if plain:
            found = set(self.conn.scalars(text(
                "SELECT x.e FROM unnest(CAST(:e AS text[]), CAST(:q AS text[])) AS x(e, q) WHERE EXISTS "
                "(SELECT 1 FROM search_documents d WHERE d.exact_tsv @@ CAST(x.q AS tsquery))"),
                {"e": plain, "q": [any_of([e]) for e in plain]}))
            self.exact.update((e, e in found) for e in plain)
        return [[e for e in w.exact_forms if self.exact.get(e, True)] for w in words]

    def _keep(self, rows) -> None:
        """Remember (word, name documents, body documents) rows."""
        for w, n, b in rows:
            self.fields[w] = (int(n), int(b))

    def count(self, word: str) -> int:
        """How many documents hold the word (name and body counted apart, as search_words keeps
        them); 0 for a word not read."""
        return sum(self.fields.get(word, (0, 0)))

    def known(self, word: str) -> bool:
        self.load([word])
        return self.count(word) > 0

    def near(self, word: str, distance: int) -> list[str]:
        """Indexed words up to `distance` edits away with the same first letter, most frequent first."""
        if word not in self.candidates:
            rows = self.conn.execute(text(
                "SELECT word, name_docs, body_docs FROM search_words WHERE word % :w "
                "AND left(word, 1) = left(:w, 1) AND word <> :w ORDER BY similarity(word, :w) DESC LIMIT :n"),
                {"w": word, "n": TRIGRAM_CANDIDATES}).all()
            self._keep(rows)
            self.candidates[word] = [w for w, *_n in rows if self.count(w) > 0]
        close = [w for w in self.candidates[word] if edits(word, w, distance) <= distance]
        return sorted(close, key=lambda w: (-self.count(w), w))

    def completions(self, prefix: str) -> list[str]:
        """Indexed name words starting with prefix, the most frequent first, never a regional-name
        group's own word ("s" is not the start of "synche"), nor the word itself (as matching.py)."""
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = self.conn.execute(text(
            "SELECT word, name_docs, body_docs FROM search_words WHERE word LIKE :p AND name_docs > 0 "
            "AND word <> :w AND word <> ALL(:groups) ORDER BY name_docs DESC, word LIMIT :n"),
            {"p": pattern, "w": prefix, "groups": sorted(group_words()), "n": MAX_PREFIX_TERMS}).all()
        self._keep(rows)
        return [w for w, *_n in rows]

    def idf(self, words: list[str]) -> float:
        df = min(max((self.count(w) for w in words), default=0), self.total)
        return math.log(1 + (self.total - df + 0.5) / (df + 0.5))
