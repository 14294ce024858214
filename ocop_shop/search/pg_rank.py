"""PostgreSQL backend: the matching documents as SQL, and one sorted page of them.

`matched` is the CTE `m`: every document on sale that matches, with only the columns facets,
filters and sorts need (its score only when the sort needs it). By relevance, only documents
holding a word in their name or as typed (`pg_match.in_names`: two tests on small columns) are
scored word by word while `m` is read; every other match holds the words in its body only, so its
score depends on its body length (and, for a word whose forms weigh differently, on the form its
body holds: one test per such word, `body_weights`): the same arithmetic without the name and
as-typed tests, computed from `m`'s columns. The same rows and order as scoring every match in full.
"""
from __future__ import annotations

from datetime import date

from .pg_match import PgMatch, body_norm, body_weights, condition, in_names, num, score, tiered
from .ranking import CERTIFIED_LIFT

# The best certificate valid on the day; one certificate (the usual case) without a subquery.
STARS = ("(CASE cardinality(d.cert_stars) WHEN 0 THEN 0 WHEN 1 THEN (CASE WHEN d.cert_from[1] <= :day AND "
         "d.cert_until[1] >= :day THEN d.cert_stars[1] ELSE 0 END) ELSE COALESCE((SELECT max(c.s) FROM "
         "unnest(d.cert_stars, d.cert_from, d.cert_until) AS c(s, f, u) WHERE c.f <= :day AND c.u >= :day), 0) END)")
RELEVANCE = f"score * (1 + {num(CERTIFIED_LIFT)} * (CASE WHEN stars >= 3 THEN stars ELSE 0 END))"
ORDERS = {
    "relevance": "rel DESC, newest DESC, id ASC",
    "price_asc": "price ASC, id ASC",
    "price_desc": "price DESC, id DESC",
    "stars": "stars DESC, score DESC, newest DESC, id DESC",
    "newest": "newest DESC, id DESC",
}
PRICE = "COALESCE(o.price, d.price)"  # the price now: an override (promotions) or the stored base price
PRICES_NOW = ("search_documents d LEFT JOIN unnest(CAST(:o_ids AS int[]), CAST(:o_prices AS bigint[])) "
              "AS o(id, price) ON o.id = d.product_id")
ON_SALE = "(d.sale_until = 0 OR d.sale_until >= :day)"


def day_number(day: date) -> int:
    return int(day.strftime("%Y%m%d"))


def scores_all(match: PgMatch | None, sort: str) -> bool:
    """Whether `m` scores every match: the stars sort, and relevance when any word will do."""
    return match is not None and (sort == "stars" or (sort == "relevance" and not tiered(match)))


def matched(match: PgMatch | None, params: dict, today: date, prices: dict[int, int] | None, sort: str,
            keys: dict[str, str] | None = None) -> str:
    """SQL: the CTE `m` of documents on sale today matching the query: id, price now, stars, newest,
    `keys` (name → SQL on `d`, where {price} and {stars} stand for those two: facet keys and filter
    flags), and what the sort needs (lengths, scores).
    Only these columns are kept: `m` is written once and read twice, at 100,000 matches its width counts."""
    params["day"] = day_number(today)
    price, source = "d.price", "search_documents d"
    if prices:  # without price overrides no join at all
        params.update(o_ids=list(prices.keys()), o_prices=list(prices.values()))
        price, source = PRICE, PRICES_NOW
    columns = [f"d.product_id AS id, {price} AS price, d.newest, {STARS} AS stars"]
    columns += [f"{sql.format(price=price, stars=STARS)} AS {name}" for name, sql in (keys or {}).items()]
    where = condition(match, params) if match else "TRUE"
    if scores_all(match, sort):
        columns.append(f"{score(match, params)} AS score")
    elif match is not None and sort == "relevance":
        named = f"CASE WHEN {in_names(match, params)} THEN {score(match, params)} END"
        columns.append(f"{body_norm()} AS nb{body_weights(match, params)}, {named} AS named")
    return f"WITH m AS MATERIALIZED (SELECT {', '.join(columns)} FROM {source} WHERE {ON_SALE} AND {where})"


def page_ctes(match: PgMatch | None, params: dict, sort: str, where: str) -> str:
    """SQL: the CTE `p` (after `m`): the matches passing `where` sorted, :limit from :offset, as
    (id, rel, newest, price, stars, score)."""
    out = f"id, {RELEVANCE} AS rel, newest, price, stars, score"
    if scores_all(match, sort):
        scored = "m"
    elif match is not None and sort == "relevance":  # the name matches' scores, or the body's
        scored = f"(SELECT d.*, COALESCE(d.named, {score(match, params, bodies=True)}) AS score FROM m AS d) AS m"
    else:
        scored = f"(SELECT *, {num(0)} AS score FROM m) AS m"
    return f", p AS (SELECT {out} FROM {scored} WHERE {where} ORDER BY {ORDERS[sort]} LIMIT :limit OFFSET :offset)"
