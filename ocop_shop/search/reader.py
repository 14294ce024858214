"""Warm searchers: one per thread and index folder, refreshed when a commit lands.

Facet columns and the accented-form table are computed once per index version
and shared by the threads of a process.
"""
from __future__ import annotations

from contextlib import suppress

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from .documents import NO_VALUE
from .store import IndexStore

_local = threading.local()
_shared_lock = threading.Lock()
_shared: "OrderedDict[tuple, Columns]" = OrderedDict()
_SHARED_MAX = 2  # the current index version and the one before it
_SEARCHERS_PER_THREAD = 4


TEXT_FIELDS = ("name", "body", "exact")
_TERM_CACHE = 2048   # (field, term) → per-document score, per index version
_WORD_CACHE = 1024   # a word's alternatives → per-document score, per index version


class _Lru(OrderedDict):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_or(self, key, make):
        value = self.get(key)
        if value is None:
            value = make()
            self[key] = value
            while len(self) > self.size:
                self.popitem(last=False)
        else:
            self.move_to_end(key)
        return value


@dataclass
class Columns:
    """One index version, read once and shared by the threads of a process.

    Per-document values (indexed by docnum) come from the index columns; the
    filter sets, star levels of the day and the scoring caches are built on demand.
    Data here never changes for its version, so a lock only guards the dictionaries.
    """

    group: list[str]
    subcategory: list[str]
    locality: list[str]
    parent_locality: list[str]
    producer: list[str]
    price: list[int]
    newest: list[int]
    certs: list[str]
    name_len: list[int]
    body_len: list[int]
    exact_len: list[int]
    sale_until: list[int]
    live: list[int]
    doc_count: int = 0
    average_length: dict = field(default_factory=dict)
    _stars: dict = field(default_factory=dict)
    _sets: dict = field(default_factory=dict)
    _on_sale: dict = field(default_factory=dict)
    _accents: dict | None = None
    _docnums: dict = field(default_factory=dict)  # product id → docnum (None: not in this version)
    terms: _Lru = field(default_factory=lambda: _Lru(_TERM_CACHE))
    words: _Lru = field(default_factory=lambda: _Lru(_WORD_CACHE))
    lock: threading.RLock = field(default_factory=threading.RLock)

    def stars_on(self, day: date) -> list[int]:
        """The best valid star level of each document on the day (0: none)."""
        with self.lock:
            stars = self._stars.get(day)
            if stars is None:
                key = int(day.strftime("%Y%m%d"))
                stars = [_best_stars(value, key) for value in self.certs]
                self._stars = {day: stars}
                self._sets = {k: v for k, v in self._sets.items() if k[0] != "stars"}
            return stars

    def on_sale(self, day: date) -> set[int]:
        """Live documents that may be sold on the day (a drink's alcohol licence not lapsed)."""
        with self.lock:
            found = self._on_sale.get(day)
            if found is None:
                key = int(day.strftime("%Y%m%d"))
                until = self.sale_until
                found = {d for d in self.live if not until[d] or until[d] >= key}
                self._on_sale = {day: found}
            return found

    def docs_where(self, name: str, value) -> set[int]:
        """Live documents whose column `name` holds value ("stars": at least value, today's levels)."""
        key = (name, value)
        with self.lock:
            found = self._sets.get(key)
            if found is None:
                if name == "stars":
                    stars = next(iter(self._stars.values()))
                    found = {d for d in self.live if stars[d] >= value}
                else:
                    column = getattr(self, name)
                    found = {d for d in self.live if column[d] == value}
                self._sets[key] = found
            return found


    def prices_with(self, searcher, prices: dict[int, int] | None) -> list[int]:
        """The price column with some products' prices replaced (product id → price), e.g. the
        price a shopper pays now; the index itself stores the base price."""
        if not prices:
            return self.price
        column = list(self.price)
        for product_id, price in prices.items():
            docnum = self.docnum_of(searcher, product_id)
            if docnum is not None:
                column[docnum] = price
        return column

    def docnum_of(self, searcher, product_id: int) -> int | None:
        """The live document of a product in this index version (looked up once per version)."""
        with self.lock:
            if product_id in self._docnums:
                return self._docnums[product_id]
        docnum = next(iter(searcher.document_numbers(id=str(product_id))), None)  # live ones only
        with self.lock:
            self._docnums[product_id] = docnum
        return docnum


def _best_stars(value: str, day: int) -> int:
    if value == NO_VALUE:
        return 0
    best = 0
    for cert in value.split():
        stars, issued, expires = cert.split(":")
        if int(issued) <= day <= int(expires):
            best = max(best, int(stars))
    return best


class Snapshot:
    """A searcher on the newest committed version of the current generation."""

    def __init__(self, folder: str, name: str, searcher):
        self.folder = folder
        self.name = name
        self.searcher = searcher

    @property
    def key(self) -> tuple:
        return (self.folder, self.name, self.searcher.reader().generation())

    def columns(self) -> Columns:
        key = self.key
        with _shared_lock:
            cols = _shared.get(key)
            if cols is not None:
                _shared.move_to_end(key)
                return cols
        cols = _read_columns(self.searcher.reader())
        with _shared_lock:
            _shared[key] = cols
            while len(_shared) > _SHARED_MAX:
                _shared.popitem(last=False)
        return cols

    def accents(self) -> dict[str, str]:
        """folded word → its most frequent accented form in product names and labels."""
        cols = self.columns()
        with cols.lock:
            if cols._accents is None:
                cols._accents = _accent_table(self.searcher.reader())
            return cols._accents


_NUMBERS = ("price", "newest", "name_len", "body_len", "exact_len", "sale_until")


def _read_columns(reader) -> Columns:
    names = ("group", "subcategory", "locality", "parent_locality", "producer", "certs") + _NUMBERS
    values: dict[str, list] = {n: [] for n in names}
    for leaf, _offset in reader.leaf_readers():
        for n in names:
            if leaf.has_column(n):
                values[n].extend(leaf.column_reader(n))
            else:
                values[n].extend([0 if n in _NUMBERS else NO_VALUE] * leaf.doc_count_all())
    live = list(reader.all_doc_ids())
    count = max(reader.doc_count(), 1)
    average = {f: max(reader.field_length(f) / count, 1.0) for f in TEXT_FIELDS}
    return Columns(live=live, doc_count=reader.doc_count_all(), average_length=average, **values)


def _accent_table(reader) -> dict[str, str]:
    from .. import text

    best: dict[str, tuple[int, str]] = {}
    for term, info in reader.iter_field("exact"):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        freq = info.doc_frequency()
        folded = text.fold(word)
        current = best.get(folded)
        # most documents first; among equals, the accented form (it carries more information)
        if current is None or (freq, word != folded) > (current[0], current[1] != folded):
            best[folded] = (freq, word)
    return {k: v[1] for k, v in best.items()}


def snapshot(store: IndexStore) -> Snapshot | None:
    """This thread's searcher for the store, on the latest commit (None: no index yet)."""
    name = store.current_name()
    if name is None:
        return None
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    key = str(store.root)
    entry = cache.get(key)
    if entry is not None and entry[0] == name:
        _name, ix, searcher = entry
        if searcher.up_to_date():
            return Snapshot(key, name, searcher)
        # Not Searcher.refresh(): Whoosh reuses segment readers by segment id there and
        # would keep serving documents deleted since (and segments merged away).
        fresh = ix.searcher()
        _close(searcher)
        cache[key] = (name, ix, fresh)
        return Snapshot(key, name, fresh)
    if entry is not None:
        _close(entry[2])
    ix = store.open(name)
    searcher = ix.searcher()
    cache.pop(key, None)
    cache[key] = (name, ix, searcher)
    while len(cache) > _SEARCHERS_PER_THREAD:  # a process serving one site keeps one
        _old_key, (_n, _ix, old) = next(iter(cache.items()))
        del cache[_old_key]
        _close(old)
    return Snapshot(key, name, searcher)


def _close(searcher) -> None:
    with suppress(Exception):  # an old generation's files may already be gone
        searcher.close()


def close_all() -> None:
    """Close this thread's searchers (tests, and before a folder is removed)."""
    cache = getattr(_local, "searchers", None) or {}
    for _name, _ix, searcher in cache.values():
        _close(searcher)
    cache.clear()
