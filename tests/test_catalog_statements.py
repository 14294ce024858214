"""The catalog page's statements: their shapes, pinned (speed pass 5, cat5).

- The page of cards writes its LIMIT and OFFSET into the SQL text (catalog/cards.py `_page`):
  with them as parameters, PostgreSQL's generic plan for the prepared statement knew no LIMIT
  and could not walk ix_products_newest (migration perf_0003, checked against the model by
  tests/test_migrations.py), so each execution was planned again.
"""
from __future__ import annotations

from ocop_shop.extensions import db


def _cards_statement(statements: list[str]) -> str:
    found = [s for s in statements if "AS product_id" in s and "card_image" in s]
    assert len(found) == 1, statements
    return " ".join(found[0].split())


def test_the_page_of_cards_has_its_limit_and_offset_in_the_text(app, client, make_product, count_queries):
    per_page = app.config["PRODUCTS_PER_PAGE"]
    for i in range(per_page + 1):
        make_product(name=f"Miến dong {i}")
    db.session.commit()
    with count_queries() as first:
        assert client.get("/vi/products").status_code == 200
    with count_queries() as second:
        assert client.get("/vi/products?page=2").status_code == 200
    assert f"LIMIT {per_page} OFFSET 0)" in _cards_statement(first)
    assert f"LIMIT {per_page} OFFSET {per_page})" in _cards_statement(second)
