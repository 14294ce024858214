"""Searching the index: matching as people type, facets, sorting, did-you-mean, suggestions.

Everything here reads a warm searcher (reader.snapshot) and never the database;
pages load the products of one result page by id.

Whoosh holds the index, the analysis, the word lists and the typo automata; the
matching itself is done here on cached postings, because Whoosh's own matchers
score every matching document in Python (≈ 180 ms for a word found in all 10,000
products, far over the 50 ms budget). Scoring is BM25 per field (k1 = 1.2,
b = 0.75) summed over the fields with their boosts; a word's alternatives (as typed,
Telex/VNI-decoded, singular, one typo away, completed prefix) count by their best
match per field. Per-term and per-word scores are cached per index version.
"""
from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from .. import text
from .analysis import QueryWord, clean_query, query_words, words as split_words
from .documents import NO_VALUE
from .reader import Columns, Snapshot
from .schema import EXACT_BOOST, NAME_BOOST

SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")
FEW_RESULTS = 3           # below this, typo tolerance and prefixes join in
MIN_FUZZY_LENGTH = 4      # one edit only on folded words of 4 letters or more
MAX_EXPANSIONS = 12       # fuzzy variants kept per word (the most frequent)
MIN_PREFIX_LENGTH = 2
SUGGESTION_TRIES = 12     # word combinations did-you-mean may try
SUGGEST_POOL = 40         # best matches a suggestion list is picked from
PHRASE_BOOST = 1.5        # the words side by side in a name ("hạt dẻ", not "hạt … dê")
RERANK = 100              # best matches checked for side-by-side words
FIELD_BOOSTS = {"name": NAME_BOOST, "body": 1.0, "exact": EXACT_BOOST}
K1, B = 1.2, 0.75
TYPO_FACTOR = 0.7         # a word one typo away counts less than the word itself
PREFIX_FACTOR = 0.5       # and a completed prefix less again
MAX_PREFIX_TERMS = 64     # completions of the word being typed (the most frequent)
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
    relaxed: str | None = None          # None, "typo" (typos and prefixes allowed) or "some_words"
    suggestion: str | None = None       # did you mean (accented)
    terms: frozenset[str] = frozenset()  # folded words to highlight
    prefixes: tuple[str, ...] = ()


@dataclass
class _Match:
    docs: dict[int, float]  # docnum → score (every matching document)
    terms: set[str]
    prefixes: tuple[str, ...]
    words: list[QueryWord]


# --- matching ------------------------------------------------------------------------------


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


def _term_scores(snapshot: Snapshot, cols: Columns, fieldname: str, term: str) -> dict[int, float]:
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


def _word_scores(snapshot: Snapshot, cols: Columns, alternatives: tuple) -> dict[int, float]:
    """A word's score per document: per field its best alternative, summed over the fields."""

    def make() -> dict[int, float]:
        per_field: dict[str, dict[int, float]] = {}
        for fieldname, term, factor in alternatives:
            scores = _term_scores(snapshot, cols, fieldname, term)
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
        dicts = sorted(per_field.values(), key=len, reverse=True)
        if not dicts:
            return {}
        total = dict(dicts[0])
        for other in dicts[1:]:
            for d, value in other.items():
                total[d] = total.get(d, 0.0) + value
        return total

    with cols.lock:
        return cols.words.get_or(alternatives, make)


def _prefix_terms(reader, prefix: str) -> list[str]:
    """Indexed name words starting with prefix, the most frequent first."""
    found = [t.decode("utf-8") if isinstance(t, bytes) else t for t in reader.expand_prefix("name", prefix)]
    found.sort(key=lambda t: (-reader.doc_frequency("name", t), t))
    return found[:MAX_PREFIX_TERMS]


def _alternatives(reader, word: QueryWord, fuzzy: bool, prefix: bool, terms: set[str]) -> tuple:
    """(field, word, factor) triples a typed word is looked up under."""
    alts: list[tuple[str, str, float]] = []
    for form in word.folded_forms:
        alts += [("name", form, 1.0), ("body", form, 1.0)]
        terms.add(form)
    for form in word.exact_forms:
        alts.append(("exact", form, 1.0))
    if fuzzy:
        # Typos of what was typed (not of the Telex guess, which would pile guess on guess).
        for form in dict.fromkeys(f for f in (word.folded, word.singular) if f):
            if len(form) >= MIN_FUZZY_LENGTH and not any(_known(reader, f) for f in word.folded_forms):
                for variant in _fuzzy_terms(reader, form):
                    alts += [("name", variant, TYPO_FACTOR), ("body", variant, TYPO_FACTOR)]
                    terms.add(variant)
    if prefix:
        alts += [("name", t, PREFIX_FACTOR) for t in _prefix_terms(reader, word.folded) if t != word.folded]
    return tuple(alts)


def word_documents(snapshot: Snapshot, word: QueryWord) -> set[int]:
    """Documents matching one word exactly (any of its forms, any field)."""
    reader = snapshot.searcher.reader()
    return set(_word_scores(snapshot, snapshot.columns(), _alternatives(reader, word, False, False, set())))


def _match(snapshot: Snapshot, words: list[QueryWord], *, fuzzy: bool, prefix_last: bool,
           any_word: bool = False, fuzzy_last: bool = True) -> _Match:
    reader = snapshot.searcher.reader()
    cols = snapshot.columns()
    terms: set[str] = set()
    # The word being typed is a prefix: from 1 letter after other words ("ruou n"), else from 2.
    prefix_ok = prefix_last and len(words[-1].folded) >= (1 if len(words) > 1 else MIN_PREFIX_LENGTH)
    last = len(words) - 1
    scored = [
        _word_scores(snapshot, cols, _alternatives(
            reader, w, fuzzy=fuzzy and (fuzzy_last or i < last), prefix=prefix_ok and i == last, terms=terms))
        for i, w in enumerate(words)
    ]
    if any_word:
        docs: dict[int, float] = {}
        for scores in scored:
            for d, value in scores.items():
                docs[d] = docs.get(d, 0.0) + value
    else:
        smallest = min(scored, key=len)
        common = set(smallest)
        for scores in scored:
            if scores is not smallest:
                common &= scores.keys()
        docs = {d: sum(scores[d] for scores in scored) for d in common}
    prefixes = (words[-1].folded,) if prefix_ok else ()
    return _Match(docs, terms, prefixes, words)


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


def band_for(min_price: int | None, max_price: int | None) -> str | None:
    """The price band these bounds select exactly, if any."""
    for band, low, high in PRICE_BANDS:
        if (low, high) == (min_price, max_price) or (low is None and min_price in (None, 0) and high == max_price):
            return band
    return None


def _filter_sets(filters: Filters, cols: Columns, docs: set[int]) -> dict[str, set[int]]:
    """For each active filter (by facet name), the documents among `docs` it lets through."""
    sets: dict[str, set[int]] = {}
    if filters.category:
        sets["group"] = cols.docs_where("group", filters.category) | cols.docs_where("subcategory", filters.category)
    if filters.place:
        sets["place"] = cols.docs_where("locality", filters.place) | cols.docs_where("parent_locality", filters.place)
    if filters.producer:
        sets["producer"] = cols.docs_where("producer", filters.producer)
    if filters.stars:
        sets["stars"] = cols.docs_where("stars", filters.stars)
    if filters.min_price is not None or filters.max_price is not None:
        low = filters.min_price if filters.min_price is not None else -1
        high = filters.max_price if filters.max_price is not None else math.inf
        price = cols.price
        sets["price"] = {d for d in docs if low <= price[d] <= high}
    return sets


def _band_index(price: int) -> int:
    for i, (_band, low, high) in enumerate(PRICE_BANDS):
        if (low is None or price >= low) and (high is None or price <= high):
            return i
    return len(PRICE_BANDS) - 1


def _facets(docs: set[int], filters: Filters, cols: Columns, stars: list[int]) -> tuple[Facets, set[int]]:
    """Facet counts (each with every filter but its own) and the documents passing every filter."""
    sets = _filter_sets(filters, cols, docs)

    def base(facet: str) -> set[int] | Iterable[int]:
        result = docs
        for name, allowed in sets.items():
            if name != facet:
                result = result & allowed
        return result

    groups = Counter(map(cols.group.__getitem__, base("group")))
    places = Counter(map(cols.locality.__getitem__, base("place")))
    places.pop(NO_VALUE, None)
    levels = Counter(map(stars.__getitem__, base("stars")))
    price = cols.price
    bands = Counter(_band_index(price[d]) for d in base("price"))
    facets = Facets(
        group=sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])),
        stars=[(n, sum(c for level, c in levels.items() if level >= n)) for n in STAR_LEVELS],
        place=sorted(places.items(), key=lambda kv: (-kv[1], kv[0])),
        price=[(band, bands.get(i, 0)) for i, (band, _low, _high) in enumerate(PRICE_BANDS)],
    )
    allowed = docs
    for chosen in sets.values():
        allowed = allowed & chosen
    return facets, allowed


def _page(snapshot: Snapshot, match: _Match | None, allowed: set[int], sort: str, cols: Columns,
          stars: list[int], start: int, end: int) -> list[int]:
    """The documents at positions start..end of the sorted results (no full sort when not needed)."""
    if sort == "relevance" and match is not None:
        scores = match.docs

        def relevance(d: int) -> float:
            level = stars[d]
            # Among equally good matches, OCOP-certified products come first (a small lift per star).
            return scores[d] * (1 + CERTIFIED_LIFT * (level if level >= 3 else 0))

        top = heapq.nlargest(max(RERANK, end), allowed, key=lambda d: (relevance(d), cols.newest[d], -d))
        head = top[:RERANK]
        if len(match.words) > 1:
            stored = snapshot.searcher.stored_fields
            lifted = {d: relevance(d) * (PHRASE_BOOST if _phrase_in(stored(d)["card"]["names"].values(),
                                                                    match.words, False, exact=True) else 1.0)
                      for d in head}
            head = sorted(head, key=lambda d: (-lifted[d], -cols.newest[d], d))
        ordered = head + top[RERANK:]
        if end > len(ordered):
            rest = sorted(set(allowed) - set(ordered), key=lambda d: (-relevance(d), -cols.newest[d], d))
            ordered += rest
        return ordered[start:end]
    if sort == "price_asc":
        key = lambda d: (cols.price[d], d)  # noqa: E731
    elif sort == "price_desc":
        key = lambda d: (-cols.price[d], -d)  # noqa: E731
    elif sort == "stars":
        scores = match.docs if match is not None else {}
        key = lambda d: (-stars[d], -scores.get(d, 0.0), -cols.newest[d], -d)  # noqa: E731
    else:
        key = lambda d: (-cols.newest[d], -d)  # noqa: E731
    if end * 4 < len(allowed):
        return heapq.nsmallest(end, allowed, key=key)[start:end]
    return sorted(allowed, key=key)[start:end]


# --- did you mean ------------------------------------------------------------------------------


def did_you_mean(snapshot: Snapshot, words: list[QueryWord]) -> str | None:
    """The query with unknown words replaced by close indexed words, as it is usually written.

    Candidates are tried in order (fewest edits, then most frequent) until a combination
    finds products; each word is then shown in its most frequent accented form among them.
    """
    searcher = snapshot.searcher
    reader = searcher.reader()
    cols = snapshot.columns()
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
        scored = [_word_scores(snapshot, cols, (("name", f, 1.0), ("body", f, 1.0))) for f in chosen]
        common = set(min(scored, key=len))
        for scores in scored:
            common &= scores.keys()
        if common:
            best = heapq.nlargest(20, common, key=lambda d: sum(s[d] for s in scored))
            names = [name for d in best for name in searcher.stored_fields(d)["card"]["names"].values()]
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
    if query and not words:  # only emoji or punctuation: nothing can match
        return empty_results(query, sort, per_page)
    cols = snapshot.columns()
    stars = cols.stars_on(today)
    relaxed = suggestion = None
    match = None
    if words:
        match, relaxed = _find(snapshot, words)
        docs = set(match.docs)
        if relaxed or not match.docs:
            suggestion = did_you_mean(snapshot, words)
    else:
        docs = set(cols.live)
        if sort == "relevance":
            sort = "newest"
    facets, allowed = _facets(docs, filters, cols, stars)
    total = len(allowed)
    last_page = max(1, -(-total // per_page))
    page = min(max(page, 1), last_page)
    start = (page - 1) * per_page
    chosen = _page(snapshot, match, allowed, sort, cols, stars, start, start + per_page)
    stored = snapshot.searcher.stored_fields
    ids = [int(stored(d)["id"]) for d in chosen]
    return Results(query=query, product_ids=ids, total=total, page=page, last_page=last_page,
                   per_page=per_page, sort=sort, facets=facets, relaxed=relaxed, suggestion=suggestion,
                   terms=frozenset(match.terms if match else ()), prefixes=match.prefixes if match else ())


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
    ranked = _page(snapshot, match, set(match.docs), "relevance", cols, stars, 0, SUGGEST_POOL)
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


def _phrase_in(names: Iterable[str], words: list[QueryWord], typing: bool, exact: bool = False) -> str | None:
    """The words as a name writes them in a row ("hat d" in "Hạt dẻ Trùng Khánh" → "hạt dẻ").

    When the query ends with a space, the next word of the name completes it ("hat " → "hạt dẻ");
    with `exact`, the words themselves in a row are the answer.
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
            if exact and last in wanted[-1]:
                return " ".join(tokens[i:i + n])
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
    for d in heapq.nsmallest(limit * 4 + 50, cols.live, key=lambda d: (-stars[d], -cols.newest[d], -d)):
        fields = stored(d)
        if exclude_adult and fields["card"].get("adult"):
            continue
        out.append(int(fields["id"]))
        if len(out) >= limit:
            break
    return out
