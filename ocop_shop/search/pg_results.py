"""PostgreSQL backend: the results page — match, facets as SQL, sort and cut one page of ids.

The same contract as results.run_search: Results, Facets and Filters are the Whoosh
backend's dataclasses; each facet counts the matches with every other filter applied;
`prices` (product id → price now) replaces the stored base price in filters, bands and sorts.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import text

from .analysis import QueryWord, clean_query, query_words
from .facets import PRICE_BANDS, STAR_LEVELS, Facets, Filters
from .pg_match import PgMatch, Vocabulary, build, condition, count_upto, score
from .ranking import CERTIFIED_LIFT, PHRASE_BOOST, RERANK, phrase_in
from .results import FEW_RESULTS, SORTS, Results, _clamp, empty_results

NO_VALUE = "-"
STARS = ("(CASE WHEN cardinality(d.cert_stars) = 0 THEN 0 ELSE COALESCE((SELECT max(c.s) FROM "
         "unnest(d.cert_stars, d.cert_from, d.cert_until) AS c(s, f, u) WHERE c.f <= :day AND c.u >= :day), 0) END)")
BAND = ("CASE " + " ".join(f"WHEN price <= {high} THEN {i}" for i, (_b, _l, high) in enumerate(PRICE_BANDS)
                          if high is not None) + f" ELSE {len(PRICE_BANDS) - 1} END")
RELEVANCE = f"score * (1 + {CERTIFIED_LIFT} * (CASE WHEN stars >= 3 THEN stars ELSE 0 END))"
ORDERS = {
    "relevance": "rel DESC, newest DESC, id ASC",
    "price_asc": "price ASC, id ASC",
    "price_desc": "price DESC, id DESC",
    "stars": "stars DESC, score DESC, newest DESC, id DESC",
    "newest": "newest DESC, id DESC",
}


def day_number(day: date) -> int:
    return int(day.strftime("%Y%m%d"))


def find(conn, vocab: Vocabulary, words: list[QueryWord], typing: bool = False) -> tuple[PgMatch, int, str | None]:
    """Exact forms first; typos and prefixes when that finds fewer than 3 (as results.find)."""
    match = build(vocab, words, fuzzy=False, prefix_last=typing)
    found = count_upto(conn, match, FEW_RESULTS)
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


def matched(match: PgMatch | None, params: dict, today: date, prices: dict[int, int] | None) -> str:
    """SQL: the CTE `m` of documents on sale today matching the query, with score, stars and price now."""
    params.update(day=day_number(today), o_ids=list((prices or {}).keys()), o_prices=list((prices or {}).values()))
    where = condition(match, params) if match else "TRUE"
    scored = score(match, params) if match else "0"
    return (f"WITH m AS MATERIALIZED (SELECT d.product_id AS id, CAST({scored} AS float8) AS score, d.grp, d.subcategory, "
            f"d.locality, d.parent_locality, d.producer, COALESCE(o.price, d.price) AS price, d.newest, "
            f"{STARS} AS stars FROM search_documents d LEFT JOIN unnest(CAST(:o_ids AS int[]), "
            f"CAST(:o_prices AS bigint[])) AS o(id, price) ON o.id = d.product_id "
            f"WHERE (d.sale_until = 0 OR d.sale_until >= :day) AND {where})")


def filter_clauses(filters: Filters, params: dict) -> dict[str, str]:
    """Per active filter (by facet name), its SQL condition on `m`."""
    out: dict[str, str] = {}
    if filters.category:
        params["f_cat"] = filters.category
        out["group"] = "(grp = :f_cat OR subcategory = :f_cat)"
    if filters.place:
        params["f_place"] = filters.place
        out["place"] = "(locality = :f_place OR parent_locality = :f_place)"
    if filters.producer:
        params["f_producer"] = filters.producer
        out["producer"] = "producer = :f_producer"
    if filters.stars:
        params["f_stars"] = int(filters.stars)
        out["stars"] = "stars >= :f_stars"
    if filters.min_price is not None or filters.max_price is not None:
        params["f_low"] = filters.min_price if filters.min_price is not None else -1
        params["f_high"] = filters.max_price if filters.max_price is not None else 2 ** 62
        out["price"] = "price BETWEEN :f_low AND :f_high"
    return out


def _where(clauses: dict[str, str], skip: str | None = None) -> str:
    return " AND ".join(c for name, c in clauses.items() if name != skip) or "TRUE"


def facets_and_total(conn, head: str, clauses: dict[str, str], params: dict) -> tuple[Facets, int]:
    """Every facet's counts (each without its own filter) and the total, in one statement."""
    rows = conn.execute(text(
        f"{head} SELECT 'group', grp, count(*) FROM m WHERE {_where(clauses, 'group')} GROUP BY grp "
        f"UNION ALL SELECT 'place', locality, count(*) FROM m WHERE {_where(clauses, 'place')} GROUP BY locality "
        f"UNION ALL SELECT 'stars', stars::text, count(*) FROM m WHERE {_where(clauses, 'stars')} GROUP BY stars "
        f"UNION ALL SELECT 'price', ({BAND})::text, count(*) FROM m WHERE {_where(clauses, 'price')} GROUP BY 2 "
        f"UNION ALL SELECT 'total', '', count(*) FROM m WHERE {_where(clauses)}"), params).all()
    counts: dict[str, dict[str, int]] = {"group": {}, "place": {}, "stars": {}, "price": {}, "total": {}}
    for facet, key, n in rows:
        counts[facet][key] = int(n)
    counts["place"].pop(NO_VALUE, None)
    levels = {int(k): n for k, n in counts["stars"].items()}
    facets = Facets(
        group=sorted(counts["group"].items(), key=lambda kv: (-kv[1], kv[0])),
        stars=[(n, sum(c for level, c in levels.items() if level >= n)) for n in STAR_LEVELS],
        place=sorted(counts["place"].items(), key=lambda kv: (-kv[1], kv[0])),
        price=[(band, counts["price"].get(str(i), 0)) for i, (band, _l, _h) in enumerate(PRICE_BANDS)],
    )
    return facets, counts["total"].get("", 0)


def page_ids(conn, head: str, clauses: dict[str, str], params: dict, match: PgMatch | None, sort: str,
             start: int, end: int) -> list[int]:
    """The product ids at positions start..end; by relevance the best matches holding the words
    side by side in a name are lifted (ranking.PHRASE_BOOST, as the Whoosh backend does)."""
    relevance = sort == "relevance" and match is not None
    limit, offset = (max(RERANK, end), 0) if relevance else (end - start, start)
    rows = conn.execute(text(
        f"{head} SELECT id, {RELEVANCE} AS rel, newest FROM m WHERE {_where(clauses)} "
        f"ORDER BY {ORDERS[sort]} LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset}).all()
    if not relevance:
        return [r[0] for r in rows]
    head_rows = rows[:RERANK]
    if len(match.words) > 1 and head_rows:
        names = dict(conn.execute(text("SELECT product_id, card -> 'names' FROM search_documents "
                                       "WHERE product_id = ANY(:ids)"), {"ids": [r[0] for r in head_rows]}).all())
        lifted = {r[0]: r[1] * (PHRASE_BOOST if phrase_in((names.get(r[0]) or {}).values(), match.words, False,
                                                           exact=True) else 1.0) for r in head_rows}
        head_rows = sorted(head_rows, key=lambda r: (-lifted[r[0]], -r[2], r[0]))
    return [r[0] for r in head_rows + rows[RERANK:]][start:end]


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
    if words:
        vocab = Vocabulary(conn)
        match, found, relaxed = find(conn, vocab, words)
        if relaxed or not found:
            suggestion = did_you_mean(conn, vocab, words)
        if not found:
            return replace(empty_results(query, sort, per_page), suggestion=suggestion,
                           terms=frozenset(match.terms), prefixes=match.prefixes)
    elif sort == "relevance":
        sort = "newest"
    params: dict = {}
    head = matched(match, params, today, prices)
    clauses = filter_clauses(filters, params)
    facets, total = facets_and_total(conn, head, clauses, params)
    page, last_page = _clamp(page, total, per_page)
    start = (page - 1) * per_page
    ids = page_ids(conn, head, clauses, params, match, sort, start, start + per_page) if total else []
    return Results(query=query, product_ids=ids, total=total, page=page, last_page=last_page, per_page=per_page,
                   sort=sort, facets=facets, relaxed=relaxed, suggestion=suggestion,
                   terms=frozenset(match.terms if match else ()), prefixes=match.prefixes if match else ())


def popular(conn, today: date, limit: int = 8) -> list[int]:
    """Product ids for the empty state: best valid stars first, then the newest; no alcohol."""
    return list(conn.scalars(text(
        f"SELECT d.product_id FROM search_documents d WHERE (d.sale_until = 0 OR d.sale_until >= :day) "
        f"AND NOT d.adult ORDER BY {STARS} DESC, d.newest DESC, d.product_id DESC LIMIT :limit"),
        {"day": day_number(today), "limit": limit}))
