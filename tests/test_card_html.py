"""A plain product card is drawn once per app for the same parts and language (card_html,
ocop_shop/storefront/card_view.py): the same markup as card_markup() drawn on the spot, a new
entry for a new language, price, picture or badge, and the search page's marked cards drawn as before."""
from __future__ import annotations

from dataclasses import replace

import pytest
from flask import g, render_template_string, session

from ocop_shop.catalog import cards as card_lists
from ocop_shop.catalog.models import Product
from ocop_shop.catalog.queries import public_products
from ocop_shop.extensions import db
from ocop_shop.promotions.pricing import Price
from ocop_shop.storefront.card_view import card_html, card_view, star_mark

MACROS = '{% from "_macros/catalog.html" import card_markup, product_cards %}'


@pytest.fixture
def shelf(factories):
    """A pictured certified product, one without a picture, a discount, and liquor."""
    pictured = factories.product("Miến dong <Tân Việt>", stars=4)
    factories.product_image(pictured, alt={"vi": "Gói miến", "en": "A pack of noodles"})
    factories.product("Trà giảo cổ lam", stars=3)
    on_offer = factories.product("Bánh khảo", price=120_000)
    factories.campaign(on_offer, percent=15)
    factories.product("Rượu ngô Cải Văn", abv=35.0, stars=3)
    db.session.commit()


def _records():
    return card_lists.cards(card_lists.cards_statement(public_products(), (Product.id,)), {}, 50)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("declared", [False, True])
def test_a_kept_card_is_what_the_macro_draws(app, shelf, lang, declared):
    with app.test_request_context(f"/{lang}/products"):
        g.lang = lang
        session["age_declared"] = declared
        for record in _records():
            view = card_view(record)
            drawn = render_template_string(MACROS + "{{ card_markup(view, none, 2) }}", view=view)
            assert str(card_html(view, 2)) == drawn
            assert card_html(view, 2) is card_html(view, 2)
        listed = render_template_string(MACROS + "{{ product_cards(products) }}", products=_records())
        called = render_template_string(MACROS + "{% call product_cards(products) %}{% endcall %}",
                                        products=_records())
        assert listed == called  # the kept path and the macro's own path (a {% call %} block) agree


def test_a_new_language_price_or_badge_is_a_new_card(app, shelf):
    with app.test_request_context("/vi/products"):
        g.lang = "vi"
        view = card_view(next(r for r in _records() if r.price == 120_000))
        vi = card_html(view)
        cheaper = replace(view, price=Price(base=100_000, final=100_000))
        assert card_html(cheaper) != vi and "100.000" in card_html(cheaper)
        assert "card-badge" not in vi and "card-badge" in card_html(replace(view, badge=star_mark(5)))
    with app.test_request_context("/en/products"):
        g.lang = "en"
        assert card_html(view) != vi
