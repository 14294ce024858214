"""PostgreSQL backend: the matching documents as SQL, and one sorted page of them.

`matched` is the CTE `m`: every document on sale that matches, with only the columns facets,
filters and sorts need (its score only when the sort needs it). By relevance, only documents
holding a word in their name or as typed (`pg_match.in_names`: two tests on small columns) are
scored word by word while `m` is read; every other match holds the words in its body only, so its
score depends on its body length (and, for a word whose forms weigh differently, on the form its
body holds: one test per such word, `body_weights`): the same arithmetic without the name and
as-typed tests, computed from `m`'s columns. The same rows and order as scoring every match in full.
With "some of the words" and a word found nearly everywhere among them, `m` holds no scores and the
page comes from the documents holding another word (rare_words, rare_page), when the last of that page
ranks above what a document holding only the common words can reach (else pg_results scores every match).
"""
from __future__ import annotations

from datetime import date

from .matching import PREFIX_FACTOR, TYPO_FACTOR
from .pg_match import (B, K1, PgMatch, Word, body_norm, body_weights, condition, in_names, num, score,
                       tiered)
from .ranking import CERTIFIED_LIFT
from .schema import EXACT_BOOST, NAME_BOOST

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
MOST_STARS = 5        # certifications.stars: CHECK (stars BETWEEN 1 AND 5)
COMMON = 0.01         # "some of the words": a word that can add under 1% of what the weightiest can is common


def day_number(day: date) -> int:
    return int(day.strftime("%Y%m%d"))


def scores_all(match: PgMatch | None, sort: str) -> bool:
    """Whether `m` scores every match: the stars sort, and relevance when any word will do."""
    return match is not None and (sort == "stars" or (sort == "relevance" and not tiered(match)))


def most(w: Word) -> float:
    """The most a word can add to a score (score()'s arithmetic with its best form in the name, the
    body and as typed, and both length normalisations at their largest, for a length of 0)."""
    weights = [value for _forms, value in w.forms] + ([TYPO_FACTOR] if w.typo else [])
    name = max(weights + ([PREFIX_FACTOR] if w.prefix else []), default=0.0)
    largest = (K1 + 1) / (1 + K1 * (1 - B))
    return w.idf * (NAME_BOOST * name + max(weights, default=0.0) + (EXACT_BOOST if w.exact else 0.0)) * largest


def rare_words(match: PgMatch | None, sort: str) -> tuple[PgMatch, float] | None:
    """By relevance with "some of the words" and a common word among them ("cao bằng" in nearly every
    product): the match on the other words, and the most relevance a document holding none of them can
    reach (the common words' most(), lifted by the most stars; a little more, against rounding). The page
    is then the best of the documents holding a rare word, when its last one is above that (listing)."""
    if match is None or sort != "relevance" or not match.any_word or not all(w.possible for w in match.lookups):
        return None
    bounds = [most(w) for w in match.lookups]
    common = [b <= max(bounds) * COMMON for b in bounds]
    if all(common) or not any(common):
        return None
    rare = PgMatch(words=match.words, lookups=[w for w, c in zip(match.lookups, common) if not c], any_word=True)
    reach = sum(b for b, c in zip(bounds, common) if c) * (1 + CERTIFIED_LIFT * MOST_STARS) * (1 + 1e-9)
    return rare, reach


def _prices(params: dict, prices: dict[int, int] | None) -> tuple[str, str]:
    """The price now as SQL and the table to read (without price overrides no join at all)."""
    if not prices:
        return "d.price", "search_documents d"
    params.update(o_ids=list(prices.keys()), o_prices=list(prices.values()))
    return PRICE, PRICES_NOW


def matched(match: PgMatch | None, params: dict, today: date, prices: dict[int, int] | None, sort: str,
            keys: dict[str, str] | None = None, scored: bool = True) -> str:
    """SQL: the CTE `m` of documents on sale today matching the query: id, price now, stars, newest,
    `keys` (name → SQL on `d`, where {price} and {stars} stand for those two: facet keys and filter
    flags), and what the sort needs (lengths, scores).
    Only these columns are kept: `m` is written once and read twice, at 100,000 matches its width counts."""
    params["day"] = day_number(today)
    price, source = _prices(params, prices)
    columns = _columns(price, keys)
    where = condition(match, params) if match else "TRUE"
    if scored and scores_all(match, sort):  # (not scored: the page comes from rare_page)
        columns.append(f"{score(match, params)} AS score")
    elif scored and match is not None and sort == "relevance":
        named = f"CASE WHEN {in_names(match, params)} THEN {score(match, params)} END"
        columns.append(f"{body_norm()} AS nb{body_weights(match, params)}, {named} AS named")
    return f"WITH m AS MATERIALIZED (SELECT {', '.join(columns)} FROM {source} WHERE {ON_SALE} AND {where})"


def _columns(price: str, keys: dict[str, str] | None) -> list[str]:
    columns = [f"d.product_id AS id, {price} AS price, d.newest, {STARS} AS stars"]
    return columns + [f"{sql.format(price=price, stars=STARS)} AS {name}" for name, sql in (keys or {}).items()]


def rare_page(match: PgMatch, rare: PgMatch, params: dict, prices: dict[int, int] | None, keys: dict[str, str],
              where: str) -> str:
    """SQL: the CTE `p` by relevance from the documents on sale holding a rare word (rare_words; found
    through the word index), each scored in full, as page_ctes gives it."""
    price, source = _prices(params, prices)
    scored = (f"(SELECT {', '.join(_columns(price, keys))}, {score(match, params)} AS score FROM {source} "
              f"WHERE {ON_SALE} AND {condition(rare, params, 'rare')}) AS m")
    return (f", p AS (SELECT id, {RELEVANCE} AS rel, newest, price, stars, score FROM {scored} WHERE {where} "
            f"ORDER BY {ORDERS['relevance']} LIMIT :limit OFFSET :offset)")


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
