"""Searching the index: matching as people type, facets, sorting, did-you-mean, suggestions.

Everything here reads a warm searcher (reader.snapshot) and never the database;
pages load the products of one result page by id.
"""
from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from whoosh.query import And, AndMaybe, Or, Phrase, Prefix, Query, Term

from .. import text
from .analysis import QueryWord, clean_query, query_words, words as split_words
from .reader import Columns, Snapshot
from .documents import NO_VALUE

SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")
FEW_RESULTS = 3           # below this, typo tolerance and prefixes join in
MIN_FUZZY_LENGTH = 4      # one edit only on folded words of 4 letters or more
MAX_EXPANSIONS = 12       # fuzzy variants kept per word (the most frequent)
MIN_PREFIX_LENGTH = 2
SUGGESTION_TRIES = 12     # word combinations did-you-mean may try
SUGGEST_POOL = 40         # best matches a suggestion list is picked from
PHRASE_BOOST = 2.0
CERTIFIED_LIFT = 0.03     # relevance × (1 + 0.03 × valid stars)
# Price bands (đồng, inclusive), in the facet's order: key, low, high.
PRICE_BANDS = (
    ("under-100k", None, 100_000),
    ("100k-300k", 100_001, 300_000),
    ("300k-1m", 300_001, 1_000_000),
    ("over-1m", 1_000_001, None),
)
STAR_LEVELS = (3, 4, 5)


@dataclass(frozen=True)
class Filters:
    """The shared filters (DESIGN §5), already parsed: None means not filtered."""

    category: str | None = None
    stars: int | None = None
    place: str | None = None
    producer: str | None = None
    min_price: int | None = None
    max_price: int | None = None


@dataclass
class Facets:
    """Counts per value; each facet counts the query with every *other* filter applied."""

    group: list[tuple[str, int]] = field(default_factory=list)
    stars: list[tuple[int, int]] = field(default_factory=list)
    place: list[tuple[str, int]] = field(default_factory=list)
    price: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Results:
    """One page of search results (product ids in order) and what the page says about them."""

    query: str
    product_ids: list[int]
    total: int
    page: int
    last_page: int
    per_page: int
    sort: str
    facets: Facets
    relaxed: str | None = None          # None, "typo" (fuzzy or prefix) or "some_words"
    suggestion: str | None = None       # did you mean (accented)
    terms: frozenset[str] = frozenset()  # folded words to highlight
    prefixes: tuple[str, ...] = ()


@dataclass
class _Match:
    query: Query | None
    docs: dict[int, float]  # docnum → score (every matching document)
    terms: set[str]
    prefixes: tuple[str, ...]


# --- building queries --------------------------------------------------------------------


def _known(reader, word: str) -> bool:
    return reader.doc_frequency("name", word) > 0 or reader.doc_frequency("body", word) > 0


def _frequency(reader, word: str) -> int:
    return reader.doc_frequency("name", word) + reader.doc_frequency("body", word)


def _within(reader, word: str, maxdist: int) -> set[str]:
    """Indexed words up to maxdist edits away (same first letter); a swap of neighbours is one edit."""
    found: set[str] = set()
    for fieldname in ("name", "body"):
        found.update(reader.terms_within(fieldname, word, maxdist, prefix=1))
    for i in range(1, len(word) - 1):  # Whoosh's automaton counts a transposition as two edits
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if swapped != word and _known(reader, swapped):
            found.add(swapped)
    found.discard(word)
    return found


def _fuzzy_terms(reader, word: str) -> list[str]:
    """Indexed words one edit away, most frequent first."""
    ranked = sorted(_within(reader, word, 1), key=lambda t: (-_frequency(reader, t), t))
    return ranked[:MAX_EXPANSIONS]


def _word_query(reader, word: QueryWord, fuzzy: bool, prefix: bool, terms: set[str]) -> Query:
    subs: list[Query] = []
    for form in word.folded_forms:
        subs += [Term("name", form), Term("body", form)]
        terms.add(form)
    for form in word.exact_forms:
        subs.append(Term("exact", form))
    if fuzzy:
        # Typos of what was typed (not of the Telex guess, which would pile guess on guess).
        for form in dict.fromkeys(f for f in (word.folded, word.singular) if f):
            if len(form) >= MIN_FUZZY_LENGTH and not any(_known(reader, f) for f in word.folded_forms):
                for variant in _fuzzy_terms(reader, form):
                    subs += [Term("name", variant, boost=0.7), Term("body", variant, boost=0.7)]
                    terms.add(variant)
    if prefix:
        subs.append(Prefix("name", word.folded, boost=0.5))
    return Or(subs)


def _phrase(reader, words: list[QueryWord]) -> Query | None:
    """Adjacent words in the name rank first ("hạt dẻ" above "hạt … dê")."""
    if len(words) < 2:
        return None
    chosen = []
    for word in words:
        forms = [f for f in reversed(word.folded_forms) if reader.doc_frequency("name", f)]
        if not forms:
            return None
        chosen.append(forms[0])
    return Phrase("name", chosen, slop=1, boost=PHRASE_BOOST)


def _match(snapshot: Snapshot, words: list[QueryWord], *, fuzzy: bool, prefix_last: bool,
           any_word: bool = False, fuzzy_last: bool = True) -> _Match:
    searcher = snapshot.searcher
    reader = searcher.reader()
    terms: set[str] = set()
    # The word being typed is a prefix: from 1 letter after other words ("ruou n"), else from 2.
    prefix_ok = prefix_last and len(words[-1].folded) >= (1 if len(words) > 1 else MIN_PREFIX_LENGTH)
    parts = [
        _word_query(reader, w, fuzzy=fuzzy and (fuzzy_last or i < len(words) - 1),
                    prefix=prefix_ok and i == len(words) - 1, terms=terms)
        for i, w in enumerate(words)
    ]
    query: Query = Or(parts) if any_word else And(parts)
    phrase = _phrase(reader, words)
    if phrase is not None:
        query = AndMaybe(query, phrase)
    results = searcher.search(query, limit=None)
    docs = {hit.docnum: hit.score for hit in results} if len(results) else {}
    prefixes = (words[-1].folded,) if prefix_ok else ()
    return _Match(query, docs, terms, prefixes)


def _find(snapshot: Snapshot, words: list[QueryWord], typing: bool = False) -> tuple[_Match, str | None]:
    """Exact (with Telex/VNI forms) first; typos and prefixes when that finds fewer than 3.

    While typing (suggestions) the last word is a prefix from the start and is never
    "corrected", and no fallback to some of the words is made.
    """
    match = _match(snapshot, words, fuzzy=False, prefix_last=typing)
    relaxed = None
    if len(match.docs) < FEW_RESULTS:
        wider = _match(snapshot, words, fuzzy=True, prefix_last=True, fuzzy_last=not typing)
        if len(wider.docs) > len(match.docs):
            match, relaxed = wider, "typo"
    if not match.docs and len(words) > 1 and not typing:
        some = _match(snapshot, words, fuzzy=True, prefix_last=True, any_word=True)
        if some.docs:
            match, relaxed = some, "some_words"
    return match, relaxed


# --- filters and facets ---------------------------------------------------------------------


def _band_bounds(key: str) -> tuple[int | None, int | None]:
    for band, low, high in PRICE_BANDS:
        if band == key:
            return low, high
    raise KeyError(key)


def band_for(min_price: int | None, max_price: int | None) -> str | None:
    """The price band these bounds select exactly, if any."""
    for band, low, high in PRICE_BANDS:
        if (low, high) == (min_price, max_price) or (low is None and min_price in (None, 0) and high == max_price):
            return band
    return None


def _predicates(filters: Filters, cols: Columns, stars: list[int]) -> dict[str, callable]:
    preds = {}
    if filters.category:
        slug = filters.category
        preds["group"] = lambda d: cols.group[d] == slug or cols.subcategory[d] == slug
    if filters.place:
        slug = filters.place
        preds["place"] = lambda d: cols.locality[d] == slug or cols.parent_locality[d] == slug
    if filters.producer:
        slug = filters.producer
        preds["producer"] = lambda d: cols.producer[d] == slug
    if filters.stars:
        minimum = filters.stars
        preds["stars"] = lambda d: stars[d] >= minimum
    if filters.min_price is not None or filters.max_price is not None:
        low = filters.min_price if filters.min_price is not None else -1
        high = filters.max_price if filters.max_price is not None else math.inf
        preds["price"] = lambda d: low <= cols.price[d] <= high
    return preds


def _facets(docs: Iterable[int], preds: dict, cols: Columns, stars: list[int]) -> tuple[Facets, list[int]]:
    """Facet counts (each without its own filter) and the documents passing every filter."""
    groups: Counter = Counter()
    places: Counter = Counter()
    star_counts: Counter = Counter()
    bands: Counter = Counter()
    allowed: list[int] = []
    names = list(preds)
    for d in docs:
        failed = [n for n in names if not preds[n](d)]
        if not failed:
            allowed.append(d)
        if not failed or failed == ["group"]:
            groups[cols.group[d]] += 1
        if not failed or failed == ["place"]:
            if cols.locality[d] != NO_VALUE:
                places[cols.locality[d]] += 1
        if not failed or failed == ["stars"]:
            star_counts[stars[d]] += 1
        if not failed or failed == ["price"]:
            price = cols.price[d]
            for band, low, high in PRICE_BANDS:
                if (low is None or price >= low) and (high is None or price <= high):
                    bands[band] += 1
                    break
    facets = Facets(
        group=sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])),
        stars=[(n, sum(c for s, c in star_counts.items() if s >= n)) for n in STAR_LEVELS],
        place=sorted(places.items(), key=lambda kv: (-kv[1], kv[0])),
        price=[(band, bands.get(band, 0)) for band, _low, _high in PRICE_BANDS],
    )
    return facets, allowed


def _order(allowed: list[int], sort: str, scores: dict[int, float], cols: Columns, stars: list[int]) -> list[int]:
    if sort == "relevance" and scores:
        # Among equally good matches, OCOP-certified products come first (a small lift per star).
        return sorted(allowed, key=lambda d: (-scores.get(d, 0.0) * (1 + CERTIFIED_LIFT * (stars[d] if stars[d] >= 3 else 0)), -cols.newest[d], d))
    if sort == "price_asc":
        return sorted(allowed, key=lambda d: (cols.price[d], d))
    if sort == "price_desc":
        return sorted(allowed, key=lambda d: (-cols.price[d], -d))
    if sort == "stars":
        return sorted(allowed, key=lambda d: (-stars[d], -scores.get(d, 0.0), -cols.newest[d], -d))
    return sorted(allowed, key=lambda d: (-cols.newest[d], -d))


# --- did you mean ------------------------------------------------------------------------------


def did_you_mean(snapshot: Snapshot, words: list[QueryWord]) -> str | None:
    """The query with unknown words replaced by close indexed words, as it is usually written.

    Candidates are tried in order (fewest edits, then most frequent) until a combination
    finds products; each word is then shown in its most frequent accented form among them.
    """
    searcher = snapshot.searcher
    reader = searcher.reader()
    options: list[list[str | None]] = []
    changed = False
    for word in words:
        known = [f for f in reversed(word.folded_forms) if _known(reader, f)]
        if known:
            options.append([known[0]])
            continue
        changed = True
        near = sorted(_within(reader, word.folded, 1), key=lambda t: (-_frequency(reader, t), t))[:4]
        far = sorted(_within(reader, word.folded, 2) - set(near), key=lambda t: (-_frequency(reader, t), t))[:2]
        options.append(near + far or [None])
    if not changed:
        return None
    for combo in itertools.islice(itertools.product(*options), SUGGESTION_TRIES):
        chosen = [f for f in combo if f]
        if not chosen:
            break
        hits = searcher.search(And([Or([Term("name", f), Term("body", f)]) for f in chosen]), limit=20)
        if len(hits):
            names = [name for hit in hits for name in hit["card"]["names"].values()]
            return " ".join(_accented(f, names, snapshot) for f in chosen)
    return None


def _accented(folded: str, names: list[str], snapshot: Snapshot) -> str:
    """How a folded word is written most often in these names (else in the whole index)."""
    seen = Counter(w for name in names for w in split_words(name) if text.fold(w) == folded)
    if seen:
        return seen.most_common(1)[0][0]
    return snapshot.accents().get(folded, folded)


# --- the public functions ----------------------------------------------------------------------


def empty_results(query: str, sort: str, per_page: int) -> Results:
    return Results(query=query, product_ids=[], total=0, page=1, last_page=1, per_page=per_page,
                   sort=sort, facets=Facets(stars=[(n, 0) for n in STAR_LEVELS],
                                            price=[(b, 0) for b, _l, _h in PRICE_BANDS]))


def run_search(snapshot: Snapshot | None, raw_query: str, filters: Filters, sort: str, page: int,
               per_page: int, today: date) -> Results:
    """Search, facet, sort and cut one page (page clamped to 1..last)."""
    query = clean_query(raw_query)
    sort = sort if sort in SORTS else "relevance"
    if snapshot is None:
        return empty_results(query, sort, per_page)
    words = query_words(query)
    cols = snapshot.columns()
    stars = cols.stars_on(today)
    relaxed = suggestion = None
    terms: set[str] = set()
    prefixes: tuple[str, ...] = ()
    if query and not words:  # only emoji or punctuation: nothing can match
        return empty_results(query, sort, per_page)
    if words:
        match, relaxed = _find(snapshot, words)
        docs: Iterable[int] = match.docs
        scores = match.docs
        terms, prefixes = match.terms, match.prefixes
        if relaxed or not match.docs:
            suggestion = did_you_mean(snapshot, words)
    else:
        docs, scores = cols.live, {}
        if sort == "relevance":
            sort = "newest"
    facets, allowed = _facets(docs, _predicates(filters, cols, stars), cols, stars)
    total = len(allowed)
    last_page = max(1, -(-total // per_page))
    page = min(max(page, 1), last_page)
    ordered = _order(allowed, sort, scores, cols, stars)
    start = (page - 1) * per_page
    stored = snapshot.searcher.stored_fields
    ids = [int(stored(d)["id"]) for d in ordered[start:start + per_page]]
    return Results(query=query, product_ids=ids, total=total, page=page, last_page=last_page,
                   per_page=per_page, sort=sort, facets=facets, relaxed=relaxed, suggestion=suggestion,
                   terms=frozenset(terms), prefixes=prefixes)


def run_suggest(snapshot: Snapshot | None, raw_query: str, today: date, limit_products: int = 6,
                limit_terms: int = 5) -> dict:
    """Products and completed search terms for what is being typed (the last word as a prefix)."""
    query = clean_query(raw_query)
    words = query_words(query)
    if snapshot is None or not words:
        return {"query": query, "terms": [], "products": []}
    typing = bool(raw_query) and not raw_query[-1].isspace()
    match, _relaxed = _find(snapshot, words, typing=typing)
    cols = snapshot.columns()
    stars = cols.stars_on(today)
    ranked = _order(list(match.docs), "relevance", match.docs, cols, stars)[:SUGGEST_POOL]
    stored = snapshot.searcher.stored_fields
    cards = []
    for d in ranked:
        fields = stored(d)
        phrase = _phrase_in(fields["card"]["names"].values(), words, typing)
        cards.append((phrase is None, fields, phrase))
    counts = Counter(phrase.lower() for _miss, _f, phrase in cards if phrase)
    terms = [p for p, _c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    # One product per completed term in turn ("hạt dổi…", "hạt dẻ…", "hạt dổi…"), then the rest.
    groups: dict[str | None, list[dict]] = {t: [] for t in terms}
    groups[None] = []
    for _miss, fields, phrase in cards:
        groups[phrase.lower() if phrase else None].append(fields)
    picked: list[dict] = []
    while len(picked) < limit_products and any(groups[t] for t in terms):
        for t in terms:
            if groups[t] and len(picked) < limit_products:
                picked.append(groups[t].pop(0))
    picked += groups[None][:limit_products - len(picked)]
    products = [dict(f["card"], id=int(f["id"])) for f in picked]
    return {"query": query, "terms": terms[:limit_terms], "products": products}


def _phrase_in(names: Iterable[str], words: list[QueryWord], typing: bool) -> str | None:
    """The words as a name writes them in a row ("hat d" in "Hạt dẻ Trùng Khánh" → "hạt dẻ").

    When the query ends with a space, the next word of the name completes it ("hat " → "hạt dẻ").
    """
    wanted = [w.folded_forms for w in words]
    n = len(wanted)
    for name in names:
        tokens = split_words(name)
        folded = [text.fold(t) for t in tokens]
        for i in range(len(tokens) - n + 1):
            if not all(folded[i + k] in wanted[k] for k in range(n - 1)):
                continue
            last = folded[i + n - 1]
            if typing and last.startswith(words[-1].folded):
                return " ".join(tokens[i:i + n])
            if not typing and last in wanted[-1]:
                return " ".join(tokens[i:i + n + 1])
    return None


def popular(snapshot: Snapshot | None, today: date, limit: int = 8, exclude_adult: bool = True) -> list[int]:
    """Product ids for the empty state: best valid stars first, then the newest."""
    if snapshot is None:
        return []
    cols = snapshot.columns()
    stars = cols.stars_on(today)
    stored = snapshot.searcher.stored_fields
    out: list[int] = []
    for d in sorted(cols.live, key=lambda d: (-stars[d], -cols.newest[d], -d)):
        fields = stored(d)
        if exclude_adult and fields["card"].get("adult"):
            continue
        out.append(int(fields["id"]))
        if len(out) >= limit:
            break
    return out
