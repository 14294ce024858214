"""What the catalog page's speed pass 5 (cat5) changed, pinned.

- The page of cards writes its LIMIT and OFFSET into the SQL text (catalog/cards.py `_page`):
  with them as parameters, PostgreSQL's generic plan for the prepared statement knew no LIMIT
  and could not walk ix_products_newest (migration perf_0003, checked against the model by
  tests/test_migrations.py), so each execution was planned again.
- A picture's src and srcset are remembered per process (media.picture_sources): same text.
- A list of cards is one macro call (`product_cards`), each card in an <li>: the same markup
  as product_card() in an <li> for each, a {% call %} block included.
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
