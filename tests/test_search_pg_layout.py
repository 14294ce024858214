"""The PostgreSQL backend's layout: one weighted word column, and scoring only what can reach a page.

PostgreSQL only (the layout is that backend's own); what users see is pinned by the contract
modules (test_search*.py), which run on both engines.
"""
from __future__ import annotations

import pytest
from sqlalchemy import event, text

from ocop_shop import search
from ocop_shop.catalog import services as catalog
from ocop_shop.extensions import db
from ocop_shop.search import Filters, pg_rank
from ocop_shop.search.documents import load_products
from ocop_shop.search.pg_documents import row_for

from .conftest import PG_URL
from .search_fixtures import catalog_app, search_catalog, product_named  # noqa: F401

pytestmark = pytest.mark.skipif(not PG_URL, reason="the PostgreSQL search backend needs PostgreSQL")

CHESTNUT = "Hạt dẻ Trùng Khánh"


@pytest.fixture
def search_backend() -> str:
    return "postgres"


class Statements:
    def __init__(self):
        self.seen: list[str] = []
        self.values: list[tuple[str, dict]] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.seen.append(statement)
        self.values.append((statement, parameters if isinstance(parameters, dict) else {}))


@pytest.fixture
def statements(catalog_app):
    listener = Statements()
    event.listen(db.engine, "before_cursor_execute", listener)
    yield listener
    event.remove(db.engine, "before_cursor_execute", listener)


def weights(product_id: int) -> dict[str, set[str]]:
    rows = db.session.execute(text("SELECT w.lexeme, w.weights FROM search_documents d, unnest(d.words) AS w "
                                   "WHERE d.product_id = :id"), {"id": product_id})
    return {lexeme: set(found) for lexeme, found in rows}


def test_name_and_body_words_share_one_column_told_apart_by_weight(catalog_app):
    chestnut = product_named(CHESTNUT)
    found = weights(chestnut.id)
    expected = row_for(load_products(db.session, [chestnut.id])[chestnut.id])
    assert {w for w, marks in found.items() if "A" in marks} == set(expected["name_words"]) >= {"hat", "de", "khanh"}
    assert {w for w, marks in found.items() if "B" in marks} == set(expected["body_words"])
    assert {w for w, marks in found.items() if marks == {"B"}}  # words of the body only
    names = db.session.scalar(text("SELECT tsvector_to_array(names) FROM search_documents WHERE product_id = :id"),
                              {"id": chestnut.id})
    assert set(names) == set(expected["name_words"])


def test_a_query_is_one_lookup_in_the_word_column(catalog_app, statements):
    assert search.search("hat de trung khanh").product_ids
    counts = [s for s in statements.seen if s.startswith("SELECT count(*) FROM (SELECT 1 FROM search_documents")]
    assert counts and all(s.count("@@") == 1 and "d.words @@" in s for s in counts)


def test_word_counts_kept_by_each_change_equal_a_recount(catalog_app):
    chestnut = product_named(CHESTNUT)
    catalog.update_product(chestnut, content={"vi": {**chestnut.content["vi"], "name": "Hạt dẻ rang Khuổi Ky"}})
    db.session.commit()
    assert chestnut.id in search.search("hat de rang khuoi ky").product_ids[:1]
    read = "SELECT word, name_docs, body_docs FROM search_words ORDER BY word"
    kept = db.session.execute(text(read)).all()
    db.session.rollback()
    search.reindex()
    assert db.session.execute(text(read)).all() == kept
    assert {w: n for w, n, _b in kept}["khuoi"] >= 1  # the new name's words were counted


def test_a_word_no_document_holds_asks_nothing_of_the_table(catalog_app, statements):
    found = search.search("hat zzzqqq")
    assert found.relaxed == "some_words" and found.total  # "hat" alone, as on Whoosh
    counting = "count(*) FROM (SELECT 1 FROM search_documents"
    asked = [values for statement, values in statements.values if counting in statement]
    assert asked and not [v for v in asked if any("zzzqqq" in str(value) for value in v.values())]


QUERIES = ["cao bang", "hat", "hat de", "ruou nep", "mat ong cao bang", "dao phuc sen", "tra xanh cao bang",
           "mien dong", "hatj doir", "ruou ngo cai v",
           # "some of the words" at 100,000 products (the bench's slowest; "hat zzzqqq" here too)
           "hat zzzqqq", "hat de trung kh", "rượu bắp cao bằng", "ruou ngo 0,5l"]
FILTERS = [Filters(), Filters(stars=3), Filters(category="thuc-pham", max_price=300_000)]


@pytest.mark.parametrize("query", QUERIES)
def test_scoring_only_what_can_reach_the_page_gives_the_same_pages(catalog_app, monkeypatch, query):
    def pages():
        out = []
        for filters in FILTERS:
            for page in (1, 2, 5):
                found = search.search(query, filters=filters, page=page, per_page=24)
                out.append((found.product_ids, found.total, found.facets))
        return out, search.suggest(query)

    quick = pages()
    monkeypatch.setattr(pg_rank, "scores_all", lambda match, sort: match is not None)  # score every match
    assert pages() == quick


def test_a_very_common_query_scores_only_the_name_matches_word_by_word(catalog_app, statements):
    found = search.search("cao bang", per_page=24)
    everything = db.session.scalar(text("SELECT count(*) FROM search_documents"))
    assert found.total > everything * 0.9  # nearly every product says "Cao Bằng"
    listing = [s for s in statements.seen if "WITH m AS MATERIALIZED" in s]
    assert len(listing) == 1 and "@@" not in listing[0].split(", g AS (", 1)[1]  # no text test after `m`
    assert "COALESCE(d.named, " in listing[0]  # the name matches' scores, the others' from their bodies


@pytest.mark.parametrize("chosen", [["hat"], ["hat", "de"], ["ruou", "ngo"], ["mat", "ong"], ["cao"], ["khanh"]])
def test_did_you_mean_reads_the_same_names_as_ranking_every_match(catalog_app, chosen):
    from ocop_shop.search.pg_documents import quote
    from ocop_shop.search.pg_spelling import BEST, _names_found

    params = {f"w{i}": quote(word) for i, word in enumerate(chosen)}
    every = " AND ".join(f"d.words @@ CAST(:{key} AS tsquery)" for key in params)
    rank = " + ".join(f"(CASE WHEN d.names @@ CAST(:{key} AS tsquery) THEN 4 ELSE 1 END)" for key in params)
    expected = db.session.scalars(text(
        f"SELECT d.card -> 'names' FROM search_documents d WHERE {every} "
        f"ORDER BY {rank} DESC, d.name_len, d.product_id LIMIT {BEST}"), params).all()
    assert _names_found(db.session.connection(), chosen) == [n for names in expected for n in names.values()]



@pytest.mark.parametrize("typed", ["hat d", "ruou n", "dao p", "mat o", "ruo", "ruou ngo cai v", "hat de trung kh"])
@pytest.mark.parametrize("any_word", [False, True])
def test_completions_asked_of_the_names_find_what_the_weighted_lookup_finds(catalog_app, typed, any_word):
    from ocop_shop.search.analysis import query_words
    from ocop_shop.search.pg_match import Vocabulary, build, condition, query_text

    conn = db.session.connection()
    match = build(Vocabulary(conn), query_words(typed), fuzzy=True, prefix_last=True, any_word=any_word)
    assert match.lookups[-1].prefix  # the word being typed has completions here
    params: dict = {}
    split = condition(match, params)
    asked = {key: value for key, value in params.items() if f":{key} " in split}
    assert "names @@" in split and "q" not in asked and ":A" not in str(asked)  # exact lookups: no recheck
    found = set(conn.scalars(text(f"SELECT d.product_id FROM search_documents d WHERE {split}"), params))
    weighted = set(conn.scalars(text("SELECT d.product_id FROM search_documents d WHERE d.words @@ CAST(:q AS "
                                     "tsquery)"), {"q": query_text(match)}))
    assert found == weighted and found
