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
from .folding import fold_word

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
        if not plain <= {tuple(text.fold(w) for w in name) for name in names}:
            raise ValueError(f"a plain name is not one of the names: {row['plain']!r}")
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
    by_marked, by_plain, by_block = _lookup(groups() if table is None else table)
    blocked: dict[str, list[range]] = {}
    found = set()
    for i, slot in enumerate(slots):
        for group, phrase in (e for w in slot.folded for e in by_block.get(w, ())):
            if _at(slots, i, phrase, _folded):
                blocked.setdefault(group.token, []).append(range(i, i + len(phrase)))
        for group, name in (e for w in slot.marked for e in by_marked.get(w, ())):
            if _at(slots, i, name, _marked):
                found.add((i, i + len(name), group))
        for group, name in (e for w in slot.plain for e in by_plain.get(w, ())):
            if _at(slots, i, name, _plain):
                found.add((i, i + len(name), group))
    kept = [(s, e, g) for s, e, g in found
            if not any(s < b.stop and b.start < e for b in blocked.get(g.token, ()))]
    return sorted(kept, key=lambda f: (f[0], f[1], f[2].token))


@lru_cache(maxsize=4)
def _lookup(table: tuple[Group, ...]) -> tuple[dict, dict, dict]:
    """Names with marks, plain names and not_in phrases, by their first word."""
    by_marked: dict[str, list] = {}
    by_plain: dict[str, list] = {}
    by_block: dict[str, list] = {}
    for group in table:
        for name in group.names:
            by_marked.setdefault(name[0], []).append((group, name))
        for name in group.plain:
            by_plain.setdefault(name[0], []).append((group, name))
        for phrase in group.not_in:
            by_block.setdefault(phrase[0], []).append((group, phrase))
    return by_marked, by_plain, by_block


def _at(slots: list[Slot], i: int, phrase: tuple[str, ...], test) -> bool:
    return i + len(phrase) <= len(slots) and all(test(slots[i + k], w) for k, w in enumerate(phrase))


def _marked(slot: Slot, word: str) -> bool:
    return word in slot.marked


def _plain(slot: Slot, word: str) -> bool:
    return word in slot.plain


def _folded(slot: Slot, word: str) -> bool:
    return word in slot.folded


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
    """After the first word of a name, its group's word at the same position (lowercase input).

    The words are read ahead (a name may have two words, a `not_in` phrase words on either
    side), kept as plain values and put back on the tokenizer's one token as it goes on.
    """

    def __call__(self, tokens):
        token, items = None, []
        for token in tokens:
            items.append((token.text, getattr(token, "pos", None), getattr(token, "startchar", None),
                          getattr(token, "endchar", None)))
        extra = _extra_words([item[0] for item in items])
        for i, (word, pos, start, end) in enumerate(items):
            for value in (word, *extra.get(i, ())):
                token.text, token.pos, token.startchar, token.endchar = value, pos, start, end
                yield token


def _extra_words(words: list[str]) -> dict[int, list[str]]:
    """Position → group words, for lowercase words with marks."""
    by_marked = _lookup(groups())[0]
    if not any(w in by_marked for w in words):
        return {}
    slots = [Slot({w}, set(), {fold_word(w)}) for w in words]
    extra: dict[int, list[str]] = {}
    for start, _end, group in occurrences(slots):
        if group.token not in extra.setdefault(start, []):
            extra[start].append(group.token)
    return extra
