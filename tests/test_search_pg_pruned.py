"""PostgreSQL scoring leaves out the tests no document can pass, and the scores stay the same to the bit.

A word's name and body tests keep only the lexemes some document holds there (search_words counts),
and its as-typed test only the forms typed without marks that some name holds (asked of exact_tsv):
a test never true adds 0, and x + 0 is exactly x. PostgreSQL only.
"""
from __future__ import annotations

import pytest
from sqlalchemy import text

from ocop_shop import search
from ocop_shop.extensions import db
from ocop_shop.search import Filters
from ocop_shop.search.analysis import query_words
from ocop_shop.search.pg_match import PgMatch, Vocabulary, build, condition, score

from .conftest import PG_URL
from .search_fixtures import catalog_app, search_catalog  # noqa: F401

pytestmark = pytest.mark.skipif(not PG_URL, reason="the PostgreSQL search backend needs PostgreSQL")

QUERIES = ["cao bang", "hat de trung kh", "ruou ngo 0,5l", "ruou ngo cai v", "rượu bắp cao bằng", "hatj doir",
           "mat ong cao bang", "tra xanh cao bang", "hat zzzqqq", "dao phuc sen", "mien dong"]


@pytest.fixture
def search_backend() -> str:
    return "postgres"


@pytest.fixture
def every_test(monkeypatch):
    """Make every test again, as before: every lexeme, every exact form."""
    def unpruned(monkeypatch_):
        monkeypatch_.setattr(PgMatch, "held", lambda self, lexemes_, column: list(lexemes_))
        monkeypatch_.setattr(Vocabulary, "held_exact", lambda self, words: [list(w.exact_forms) for w in words])
    return lambda: unpruned(monkeypatch)


def scores(query: str, any_word: bool) -> dict[int, float]:
    conn = db.session.connection()
    match = build(Vocabulary(conn), query_words(query), fuzzy=True, prefix_last=True, any_word=any_word)
    params: dict = {}
    sql = f"SELECT d.product_id, {score(match, params)} FROM search_documents d WHERE {condition(match, params)}"
    return dict(conn.execute(text(sql), params).all())


@pytest.mark.parametrize("query", QUERIES)
def test_scores_are_the_same_to_the_bit_without_the_tests_never_true(catalog_app, every_test, query):
    pruned = {any_word: scores(query, any_word) for any_word in (False, True)}
    every_test()
    assert pruned == {any_word: scores(query, any_word) for any_word in (False, True)}
    assert pruned[True]  # something matched


@pytest.mark.parametrize("query", QUERIES)
def test_pages_totals_facets_and_suggestions_are_the_same(catalog_app, every_test, query):
    def pages():
        out = [search.search(query, filters=filters, sort=sort, page=page, per_page=24)
               for filters in (Filters(), Filters(stars=3)) for sort in ("relevance", "stars", "price_asc")
               for page in (1, 2)]
        return [(r.product_ids, r.total, r.facets, r.relaxed, r.suggestion) for r in out], search.suggest(query)

    pruned = pages()
    every_test()
    assert pages() == pruned


def test_a_name_without_marks_keeps_its_test_and_a_word_typed_without_them_loses_it(catalog_app, every_test):
    conn = db.session.connection()
    held = Vocabulary(conn).held_exact(query_words("cao bang rượu"))
    assert held == [["cao"], [], ["rượu"]]  # "Cao" is written so in names, "bang" never ("Bằng"); marks: untested

    def tests(query: str) -> int:
        match = build(Vocabulary(conn), query_words(query), fuzzy=False, prefix_last=False)
        return score(match, {}).count("@@")

    assert "exact_tsv" not in score(build(Vocabulary(conn), query_words("ruou ngo"), fuzzy=False,
                                          prefix_last=False), {})
    pruned = tests("cao bang")
    every_test()
    assert tests("cao bang") == pruned + 2  # "bang": in no name, nor as typed
