"""The PostgreSQL backend's "some of the words" page from the documents holding a rare word.

When a relaxed query holds a word found nearly everywhere ("cao bằng"), the page is read from the
documents holding one of the other words, scored in full, and kept only when its last one ranks
above the most a document holding only the common words can reach; otherwise the statement runs
again scoring every match. Either way the page, the total and the facets are those of scoring
every match. PostgreSQL only (what users see is pinned by the contract modules on both engines).
"""
from __future__ import annotations

import pytest
from sqlalchemy import event

from ocop_shop import search
from ocop_shop.extensions import db
from ocop_shop.search import Filters, pg_rank, pg_results
from ocop_shop.search.analysis import query_words
from ocop_shop.search.pg_match import Vocabulary, build

from .conftest import PG_URL
from .search_fixtures import catalog_app, search_catalog  # noqa: F401

pytestmark = pytest.mark.skipif(not PG_URL, reason="the PostgreSQL search backend needs PostgreSQL")

# Relaxed to "some of the words" in the test catalog, "cao bằng" among them (then a word no product
# holds, and words all held); the 100,000-product bench's "rượu bắp cao bằng" is one of these there.
QUERIES = ["mật ong rượu bắp cao bằng", "hạt dẻ mật ong cao bằng", "mien dong mat ong cao bang",
           "ruou ngo mien dong cao bang", "tra xanh hat de cao bang", "mật ong zzqq cao bằng", "rượu bắp cao bằng"]
FILTERS = [Filters(), Filters(stars=3), Filters(category="thuc-pham", max_price=300_000)]


@pytest.fixture
def search_backend() -> str:
    return "postgres"


def pages(query: str, per_page: int) -> list:
    out = []
    for filters in FILTERS:
        for page in (1, 2, 5):
            found = search.search(query, filters=filters, page=page, per_page=per_page)
            out.append((found.product_ids, found.total, found.facets, found.relaxed))
    return out


@pytest.mark.parametrize("common", [pg_rank.COMMON, 0.2, 0.99])  # more words common: more pages to check
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("short", [False, True])  # short pages: the bound decides (else the rare words' pages
def test_the_page_from_the_rare_words_is_the_page_from_every_match(catalog_app, monkeypatch, query, common,
                                                                     short):  # are often too few to vouch)
    monkeypatch.setattr(pg_rank, "COMMON", common)
    per_page = 24
    if short:
        monkeypatch.setattr(pg_results, "RERANK", 4)
        per_page = 3
    bounded = pages(query, per_page)
    monkeypatch.setattr(pg_results, "rare_words", lambda match, sort: None)
    assert pages(query, per_page) == bounded


def rare_for(query: str, common: float, monkeypatch):
    monkeypatch.setattr(pg_rank, "COMMON", common)
    words = query_words(query)
    conn = db.session.connection()
    return pg_rank.rare_words(build(Vocabulary(conn), words, fuzzy=True, prefix_last=True, any_word=True),
                              "relevance")


def test_only_relaxed_relevance_pages_with_a_common_word_take_that_path(catalog_app, monkeypatch):
    rare = rare_for("rượu bắp cao bằng", 0.2, monkeypatch)
    assert rare is not None and [w.folded for w in rare[0].lookups] == [["ruou"], ["bap", "synngo"]]
    assert rare[1] > 0  # what "cao" and "bang" can add
    assert rare_for("rượu bắp cao bằng", 0.0, monkeypatch) is None  # no word that common
    assert rare_for("rượu bắp cao bằng", 1.0, monkeypatch) is None  # no word rarer than the others
    assert rare_for("mật ong zzqq cao bằng", 0.99, monkeypatch) is None  # a word no document holds
    match = build(Vocabulary(db.session.connection()), query_words("rượu bắp"), fuzzy=True,
                  prefix_last=True, any_word=False)
    assert pg_rank.rare_words(match, "relevance") is None  # every word held: scored as before
    match.any_word = True
    assert pg_rank.rare_words(match, "price_asc") is None


def test_a_page_that_cannot_be_vouched_for_runs_again_scoring_every_match(catalog_app, monkeypatch):
    monkeypatch.setattr(pg_rank, "COMMON", 0.99)  # every word but the weightiest is "common": too loose a bound
    seen: list[str] = []
    listener = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        found = search.search("hạt dẻ mật ong cao bằng", per_page=24)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    heads = [s.split(", g AS (")[0] for s in seen if "WITH m AS MATERIALIZED" in s]
    assert found.relaxed == "some_words" and found.product_ids
    assert len(heads) == 2  # the matches unscored, then scored
    assert " AS score" not in heads[0] and " AS score" in heads[1]
    assert [("%(rare)s" in s) for s in seen if "WITH m AS MATERIALIZED" in s] == [True, False]
