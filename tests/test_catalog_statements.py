"""What the catalog page's speed pass 5 (cat5) changed, pinned.

- The page of cards writes its LIMIT and OFFSET into the SQL text (catalog/cards.py `_page`):
  with them as parameters, PostgreSQL's generic plan for the prepared statement knew no LIMIT
  and could not walk ix_products_newest (migration perf_0003, checked against the model by
  tests/test_migrations.py), so each execution was planned again.
- A picture's src and srcset are remembered per process (media.picture_sources): same text.
- A list of cards is one macro call (`product_cards`), each card in an <li>: the same markup
  as product_card() in an <li> for each, a {% call %} block included.
- The facet statement of the catalog (categories, counts and total) stays under psycopg's 4 KB
  parse cache (speed pass 6, cat6): its constants are written into the text, the price band is
  grouped by its label, and the union is ordered by its own columns.
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


def test_picture_sources_are_remembered_and_unchanged(app):
    from ocop_shop import media
    from ocop_shop.catalog.card_records import CardImage

    image = CardImage(1, "0123456789abcdef0123456789abcdef", 1000, 750, {})
    with app.test_request_context("/vi/products"):
        src, srcset = media.picture_sources(image, 640)
        base = media.image_url(image.key, 1)[:-len("1.webp")]
        widths = image.widths()
        assert src == f"{base}{max(w for w in widths if w <= 640)}.webp"
        assert srcset == ", ".join(f"{base}{w}.webp {w}w" for w in widths)
        assert media.picture_sources(image, 640) is media.picture_sources(image, 640)
        assert media.picture_sources(image, 0)[0] == f"{base}{widths[0]}.webp"


def test_product_cards_draw_what_product_card_draws_in_an_item_each(app, factories, make_product):
    from flask import render_template_string

    from ocop_shop.catalog.cards import loaded

    make_product(name="Miến dong", stars=4)
    make_product(name="Rượu men lá", abv=40)
    make_product(name="Trà shan tuyết")
    db.session.commit()
    macros = '{% from "_macros/catalog.html" import product_card, product_cards %}'
    with app.test_request_context("/vi/products"):
        from ocop_shop.catalog.listing import catalog_page
        from ocop_shop.catalog.params import CatalogParams
        from ocop_shop.timeutil import local_today

        cards = catalog_page(CatalogParams(), local_today(), 24).products
        assert len(cards) == 3 and loaded()
        one_each = render_template_string(
            macros + '{% for p in cards %}<li>{{ product_card(p, heading_level=2) }}</li>{% endfor %}', cards=cards)
        at_once = render_template_string(macros + "{{ product_cards(cards, heading_level=2) }}", cards=cards)
        called = render_template_string(
            macros + '{% for p in cards %}{% call product_card(p) %}<p class="x">{{ p.id }}</p>{% endcall %}{% endfor %}',
            cards=cards)
    assert " ".join(at_once.split()) == " ".join(one_each.split())
    assert at_once.count("<li>") == 3 and "Miến dong" in at_once
    assert called.count('<p class="x">') == 2  # the 18+ card has no line under a price


def test_the_facet_statement_stays_within_psycopg_s_parse_cache(app, client, make_product, count_queries):
    """psycopg parses a statement's placeholders once per text up to 4 KB, and every time beyond
    (~75 µs for the facet statement). The unfiltered catalog is the page that has to stay under."""
    from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH
    from sqlalchemy.dialects.postgresql.psycopg import dialect

    from ocop_shop.catalog.facet_counts import categories_with_counts
    from ocop_shop.catalog.filtering import shape_of
    from ocop_shop.catalog.params import parse_params
    from ocop_shop.promotions.pricing import current_price_sql

    make_product(name="Miến dong", stars=4)
    db.session.commit()
    with count_queries() as statements:
        assert client.get("/vi/products").status_code == 200
    sent = [s for s in statements if "facet_keys" in s]
    assert len(sent) == 1 and len(sent[0].encode()) <= MAX_CACHED_STATEMENT_LENGTH, sent
    with app.test_request_context("/vi/products"):
        statement = categories_with_counts(shape_of(parse_params({})), current_price_sql())
        sql = str(statement.compile(dialect=dialect()))
    assert len(sql.encode()) <= MAX_CACHED_STATEMENT_LENGTH, len(sql.encode())
