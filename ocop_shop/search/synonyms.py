"""Other regional names of a product (ngô / bắp, lạc / đậu phộng), read from synonyms.csv.

The list is reviewed data (docs/DECISIONS.md says how a row gets in). Each row is one group
of names for the same thing; every name of a group, wherever it stands in a product's
text, is also indexed as the group's own word ("syn" + the first name folded: "synngo"),
and every name typed in a query is also looked up under it. So one word on one side
matches two words on the other ("lạc" ↔ "đậu phộng"), in both directions. Names match
with their marks ("mè", not "me"), unless the row lists them in `plain` as safe to type
without; a name inside one of the row's `not_in` phrases ("bắp cải") is not the product.
Changing the file changes what is indexed: run `flask --app wsgi search reindex` after.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Filter

from .. import text

SOURCE = Path(__file__).with_name("synonyms.csv")
TOKEN_PREFIX = "syn"


@dataclass(frozen=True)
class Group:
    token: str                               # the group's own indexed word
    names: tuple[tuple[str, ...], ...]       # each name's words, lowercase with marks
    plain: frozenset[tuple[str, ...]]        # names that also match typed without marks (folded)
    not_in: tuple[tuple[str, ...], ...]      # folded phrases in which a name is something else


def _split(cell: str) -> list[tuple[str, ...]]:
    return [tuple(unicodedata.normalize("NFC", part).lower().split()) for part in (cell or "").split(";") if part.strip()]


def parse(rows) -> tuple[Group, ...]:
    """Groups from csv.DictReader rows (columns words, plain, not_in, region, review)."""
    found = []
    for row in rows:
        names = _split(row["words"])
        if len(names) < 2:
            raise ValueError(f"synonym row needs two names or more: {row['words']!r}")
        token = TOKEN_PREFIX + "".join(text.fold(w) for w in names[0])
        plain = frozenset(tuple(text.fold(w) for w in name) for name in _split(row.get("plain", "")))
        not_in = tuple(tuple(text.fold(w) for w in phrase) for phrase in _split(row.get("not_in", "")))
        found.append(Group(token, tuple(names), plain, not_in))
    return tuple(found)


@lru_cache(maxsize=1)
def groups() -> tuple[Group, ...]:
    """The reviewed list, read once per process."""
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        return parse(csv.DictReader(handle))


@dataclass
class Slot:
    """What one word of a text or query may be: with marks, typed without marks, folded."""

    marked: set[str]
    plain: set[str]
    folded: set[str]


def occurrences(slots: list[Slot], table: tuple[Group, ...] | None = None) -> list[tuple[int, int, Group]]:
    """(start, end, group) for every name found in the words, outside its `not_in` phrases."""
    found = set()
    for group in groups() if table is None else table:
        blocked = [range(a, a + len(p)) for p in group.not_in for a in _starts(slots, p, _folded)]
        for name in group.names:
            folded_name = tuple(text.fold(w) for w in name)
            starts = _starts(slots, name, _marked)
            if folded_name in group.plain:
                starts += _starts(slots, folded_name, _plain)
            found.update((s, s + len(name), group) for s in starts
                         if not any(s < b.stop and b.start < s + len(name) for b in blocked))
    return sorted(found, key=lambda f: (f[0], f[1], f[2].token))


def _marked(slot: Slot, word: str) -> bool:
    return word in slot.marked


def _plain(slot: Slot, word: str) -> bool:
    return word in slot.plain


def _folded(slot: Slot, word: str) -> bool:
    return word in slot.folded


def _starts(slots: list[Slot], phrase: tuple[str, ...], test) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(slots) - n + 1) if all(test(slots[i + k], phrase[k]) for k in range(n))]


@lru_cache(maxsize=1)
def group_words() -> frozenset[str]:
    return frozenset(g.token for g in groups())


def is_group_word(term: str) -> bool:
    """Whether an indexed word is a group's own word (never a completion of what is typed)."""
    return term.startswith(TOKEN_PREFIX) and term in group_words()


def highlight_words(token: str) -> set[str]:
    """The folded one-word names of a group (marked in results found through it)."""
    for group in groups():
        if group.token == token:
            return {text.fold(name[0]) for name in group.names if len(name) == 1}
    return set()


class SynonymFilter(Filter):
    """After the first word of a name, its group's word at the same position (lowercase input)."""

    def __call__(self, tokens):
        buffered = [token.copy() for token in tokens]
        slots = [Slot({t.text}, set(), {text.fold(t.text)}) for t in buffered]
        extra: dict[int, list[str]] = {}
        for start, _end, group in occurrences(slots):
            if group.token not in extra.setdefault(start, []):
                extra[start].append(group.token)
        for i, token in enumerate(buffered):
            yield token
            for word in extra.get(i, ()):
                added = token.copy()
                added.text = word
                yield added
