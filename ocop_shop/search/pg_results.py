"""PostgreSQL backend: the results page — match, facets as SQL, sort and cut one page of ids.

The same contract as results.run_search: Results, Facets and Filters are the Whoosh
backend's dataclasses; each facet counts the matches with every other filter applied;
`prices` (product id → price now) replaces the stored base price in filters, bands and sorts.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date

from sqlalchemy import text

from .analysis import QueryWord, clean_query, query_words
from .facets import PRICE_BANDS, STAR_LEVELS, Facets, Filters
from .pg_match import PgMatch, build, count_upto
from .pg_rank import STARS, day_number, matched, page_ctes, rare_page, rare_words
from .pg_vocabulary import Vocabulary
from .ranking import PHRASE_BOOST, RERANK, phrase_in
from .results import FEW_RESULTS, SORTS, Results, _clamp, empty_results

NO_VALUE = "-"
BAND = ("CASE " + " ".join(f"WHEN {{price}} <= {high} THEN {i}" for i, (_b, _l, high) in enumerate(PRICE_BANDS)
                          if high is not None) + f" ELSE {len(PRICE_BANDS) - 1} END")


def find(conn, vocab: Vocabulary, words: list[QueryWord], typing: bool = False) -> tuple[PgMatch, int, str | None]:
    """Exact forms first, then the last word also as a prefix (still exact: whole words score more);
    typos and prefixes when that finds fewer than 3 (as results.find)."""
    match = build(vocab, words, fuzzy=False, prefix_last=typing)
    found = count_upto(conn, match, FEW_RESULTS)
    if not typing and found < FEW_RESULTS:
        completed = build(vocab, words, fuzzy=False, prefix_last=True)
        more = count_upto(conn, completed, FEW_RESULTS)
        if more > found:
            match, found = completed, more
    relaxed = None
    if found < FEW_RESULTS:
        wider = build(vocab, words, fuzzy=True, prefix_last=True, fuzzy_last=not typing)
        more = count_upto(conn, wider, FEW_RESULTS)
        if more > found:
            match, found, relaxed = wider, more, "typo"
    if not found and len(words) > 1 and not typing:
        some = build(vocab, words, fuzzy=True, prefix_last=True, any_word=True)
        if count_upto(conn, some, 1):
            match, found, relaxed = some, 1, "some_words"
    return match, found, relaxed


def filter_clauses(filters: Filters, params: dict) -> dict[str, str]:
    """Per active filter (by facet name), its SQL condition on a document `d` (pg_rank.matched keys)."""
    out: dict[str, str] = {}
    if filters.category:
        params["f_cat"] = filters.category
        out["group"] = "(d.grp = :f_cat OR d.subcategory = :f_cat)"
    if filters.place:
        params["f_place"] = filters.place
        out["place"] = "(d.locality = :f_place OR d.parent_locality = :f_place)"
    if filters.producer:
        params["f_producer"] = filters.producer
        out["producer"] = "d.producer = :f_producer"
    if filters.stars:
        params["f_stars"] = int(filters.stars)
        out["stars"] = "{stars} >= :f_stars"
    if filters.min_price is not None or filters.max_price is not None:
        params["f_low"] = filters.min_price if filters.min_price is not None else -1
        params["f_high"] = filters.max_price if filters.max_price is not None else 2 ** 62
        out["price"] = "{price} BETWEEN :f_low AND :f_high"
    return out


def listing(conn, match: PgMatch | None, params: dict, today: date, prices: dict[int, int] | None,
            filters: Filters, sort: str, start: int, end: int, bounded: bool = True) -> tuple[Facets, int, list[int]]:
    """Facet counts, the total and the ids at positions start..end, in one statement (one pass over
    the matches for the counts: grouped by every facet value and each filter's yes/no). With `bounded`,
    a page that rare_words allows is read from the documents holding a rare word; when its last one
    does not rank above what the others can reach, the statement runs again scoring every match."""
    clauses = filter_clauses(filters, params)
    flags = {f"f_{name}": clause for name, clause in clauses.items()}
    keys = {"grp": "d.grp", "locality": "d.locality", "band": BAND, **flags}
    rare = rare_words(match, sort) if bounded else None
    head = matched(match, params, today, prices, sort, keys, scored=rare is None)
    relevance = sort == "relevance" and match is not None
    limit, offset = (max(RERANK, end), 0) if relevance else (end - start, start)
    grouped = ", ".join(["grp", "locality", "stars", "band", *flags])
    where = " AND ".join(flags) or "TRUE"
    page = rare_page(match, rare[0], params, prices, keys, where) if rare else page_ctes(match, params, sort, where)
    groups, rows = conn.execute(text(
        f"{head}, g AS (SELECT {grouped}, count(*) AS n FROM m GROUP BY {grouped}){page} "
        "SELECT (SELECT COALESCE(json_agg(g), '[]') FROM g), (SELECT COALESCE(json_agg(json_build_array("
        "p.id, p.rel, p.newest, p.price, p.stars, p.score, d.card -> 'names')), '[]') FROM p "
        "JOIN search_documents d ON d.product_id = p.id)"), {**params, "limit": limit, "offset": offset}).one()
    facets, total = _facets(groups, list(clauses))
    rows.sort(key=ORDER_KEYS[sort])
    if rare and len(rows) < total and (len(rows) < limit or rows[-1][1] <= rare[1]):  # a common-word match may rank
        return listing(conn, match, {}, today, prices, filters, sort, start, end, bounded=False)
    if relevance:
        ids = _rerank(rows, match)[start:end]
    else:
        ids = [r[0] for r in rows]
    return facets, total, ids


def best_ids(conn, match: PgMatch, today: date, limit: int) -> list[int]:
    """The `limit` best matches by relevance, no facets (suggestions)."""
    params: dict = {}
    head = matched(match, params, today, None, "relevance")
    rows = conn.execute(text(
        f"{head}{page_ctes(match, params, 'relevance', 'TRUE')} "
        "SELECT p.id, p.rel, p.newest, NULL, NULL, NULL, d.card -> 'names' FROM p "
        "JOIN search_documents d ON d.product_id = p.id"), {**params, "limit": max(RERANK, limit), "offset": 0}).all()
    rows = sorted((list(r) for r in rows), key=ORDER_KEYS["relevance"])
    return _rerank(rows, match)[:limit]


ORDER_KEYS = {  # the same orders as pg_rank.ORDERS, on the rows [id, rel, newest, price, stars, score, names]
    "relevance": lambda r: (-r[1], -r[2], r[0]),
    "price_asc": lambda r: (r[3], r[0]),
    "price_desc": lambda r: (-r[3], -r[0]),
    "stars": lambda r: (-r[4], -r[5], -r[2], -r[0]),
    "newest": lambda r: (-r[2], -r[0]),
}


def _facets(groups: list[dict], active: list[str]) -> tuple[Facets, int]:
    """Each facet counted over the groups passing every filter but its own."""
    counts = {name: Counter() for name in ("group", "place", "stars", "price")}
    column = {"group": "grp", "place": "locality", "stars": "stars", "price": "band"}
    total = 0
    for row in groups:
        failed = [name for name in active if not row[f"f_{name}"]]
        for facet in counts:
            if not failed or failed == [facet]:
                counts[facet][row[column[facet]]] += row["n"]
        total += 0 if failed else row["n"]
    counts["place"].pop(NO_VALUE, None)
    levels = counts["stars"]
    return Facets(
        group=sorted(counts["group"].items(), key=lambda kv: (-kv[1], kv[0])),
        stars=[(n, sum(c for level, c in levels.items() if level >= n)) for n in STAR_LEVELS],
        place=sorted(counts["place"].items(), key=lambda kv: (-kv[1], kv[0])),
        price=[(band, counts["price"].get(i, 0)) for i, (band, _l, _h) in enumerate(PRICE_BANDS)],
    ), total


def _rerank(rows: list[list], match: PgMatch) -> list[int]:
    """The best matches holding the words side by side in a name are lifted (ranking.PHRASE_BOOST,
    as the Whoosh backend does); the rest keep their order."""
    head = rows[:RERANK]
    if len(match.words) > 1:
        lifted = {r[0]: r[1] * (PHRASE_BOOST if phrase_in((r[6] or {}).values(), match.words, False, exact=True)
                                else 1.0) for r in head}
        head = sorted(head, key=lambda r: (-lifted[r[0]], -r[2], r[0]))
    return [r[0] for r in head + rows[RERANK:]]


def run_search(conn, raw_query: str, filters: Filters, sort: str, page: int, per_page: int, today: date,
               prices: dict[int, int] | None = None) -> Results:
    """Search, facet, sort and cut one page (page clamped to 1..last), as results.run_search."""
    from .pg_spelling import did_you_mean

    query = clean_query(raw_query)
    sort = sort if sort in SORTS else "relevance"
    words = query_words(query)
    if query and not words:
        return empty_results(query, sort, per_page)
    match, relaxed, suggestion = None, None, None
    vocab = Vocabulary(conn)  # also this transaction's settings for the statements below
    if words:
        match, found, relaxed = find(conn, vocab, words)
        if relaxed or not found:
            suggestion = did_you_mean(conn, vocab, words)
        if not found:
            return replace(empty_results(query, sort, per_page), suggestion=suggestion,
                           terms=frozenset(match.terms), prefixes=match.prefixes)
    elif sort == "relevance":
        sort = "newest"
    start = (max(page, 1) - 1) * per_page
    facets, total, ids = listing(conn, match, {}, today, prices, filters, sort, start, start + per_page)
    clamped, last_page = _clamp(page, total, per_page)
    if clamped != page and total:  # past the last page (an old link): show the last one
        start = (clamped - 1) * per_page
        ids = listing(conn, match, {}, today, prices, filters, sort, start, start + per_page)[2]
    page = clamped
    return Results(query=query, product_ids=ids, total=total, page=page, last_page=last_page, per_page=per_page,
                   sort=sort, facets=facets, relaxed=relaxed, suggestion=suggestion,
                   terms=frozenset(match.terms if match else ()), prefixes=match.prefixes if match else ())


def popular(conn, today: date, limit: int = 8) -> list[int]:
    """Product ids for the empty state: best valid stars first, then the newest; no alcohol."""
    Vocabulary(conn)  # this transaction's settings
    return list(conn.scalars(text(
        f"SELECT d.product_id FROM search_documents d WHERE (d.sale_until = 0 OR d.sale_until >= :day) "
        f"AND NOT d.adult ORDER BY {STARS} DESC, d.newest DESC, d.product_id DESC LIMIT :limit"),
        {"day": day_number(today), "limit": limit}))
