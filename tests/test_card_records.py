"""Product cards read as plain records (catalog/card_records.py, cards.py) and drawn from one
card_view() call (ocop_shop/storefront/card_view.py) show exactly what the ORM products show."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g, session

from ocop_shop.catalog import cards as card_lists
from ocop_shop.catalog.card_records import CardCertificate, CardImage, ProductCard
from ocop_shop.catalog.models import Certification, Product
from ocop_shop.catalog.queries import public_products
from ocop_shop.extensions import db
from ocop_shop.storage import ImageMixin
from ocop_shop.timeutil import local_today


def test_records_apply_the_models_own_rules_not_copies():
    assert ProductCard.text is Product.text and ProductCard.name is Product.name
    assert ProductCard.valid_certification is Product.valid_certification
    assert CardCertificate.is_valid is Certification.is_valid
    assert CardCertificate.valid_until is Certification.valid_until
    assert CardImage.alt_text is ImageMixin.alt_text and CardImage.widths is ImageMixin.widths


@pytest.fixture
def shelf(factories):
    """Cards of every kind: pictures or none, badges valid, expired, revoked, renewed; a discount; liquor."""
    today = local_today()
    place = factories.locality("Xã Đàm Thủy")
    maker = factories.producer("HTX Trà & Miến <Tân Việt>", locality=place)
    pictured = factories.product("Miến dong Tân Việt", producer=maker, stars=4)
    factories.product_image(pictured, alt={"vi": "Gói miến", "en": "A pack of noodles"})
    factories.product_image(pictured)
    factories.product("Trà giảo cổ lam", producer=maker, stars=3, expires_on=today - timedelta(days=1),
                      content={"vi": {"name": "Trà giảo cổ lam", "unit": "hộp"}, "en": {"name": "Jiaogulan tea"}})
    factories.product("Mật ong bạc hà", producer=maker, stars=5, revoked=True)
    renewed = factories.product("Hạt dẻ Trùng Khánh")
    old = factories.certification(renewed, stars=3)
    successor = factories.certification(renewed, stars=4, issued_on=today - timedelta(days=3))
    old.superseded_by_id, old.superseded_on = successor.id, successor.issued_on
    on_offer = factories.product("Bánh khảo", price=120_000)
    factories.campaign(on_offer, percent=15)
    factories.product("Rượu ngô Cải Văn", abv=35.0, stars=3)
    factories.product("Rượu men lá", abv=10.0)
    db.session.commit()


def _render_both(app, lang: str, declared: bool) -> tuple[list[str], list[str]]:
    keys = (Product.id,)
    with app.test_request_context(f"/{lang}/products"):
        g.lang = lang
        session["age_declared"] = declared
        records = card_lists.cards(card_lists.cards_statement(public_products(), keys), {}, 50)
        products = card_lists.card_products(public_products(), keys, {}, 50)
        card = app.jinja_env.get_template("_macros/catalog.html").module.product_card
        return [str(card(p)) for p in records], [str(card(p)) for p in products]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("declared", [False, True])
def test_a_card_from_a_record_is_the_card_from_the_orm_product(app, shelf, lang, declared):
    from_records, from_products = _render_both(app, lang, declared)
    assert len(from_records) == 7
    assert from_records == from_products
    html = "".join(from_records)
    assert html.count('class="card-badge"') == (3 if declared else 2)  # only valid certificates: 4★, renewed 4★, (liquor 3★)
    assert "HTX Trà &amp; Miến &lt;Tân Việt&gt;" in html and "Xã Đàm Thủy" in html
    assert html.count("card-adult") == (0 if declared else 2)


def test_the_card_writes_out_exactly_what_the_picture_badge_and_price_macros_draw(app, shelf):
    with app.test_request_context("/vi/products"):
        g.lang = "vi"
        macros = app.jinja_env.get_template("_macros/catalog.html").module
        for product in card_lists.card_products(public_products(), (Product.id,), {}, 50):
            if product.abv:
                continue
            card = str(macros.product_card(product))
            if product.images:
                image = product.images[0]
                assert str(macros.picture(image, image.alt_text() or product.name)) in card
            else:
                assert str(macros.placeholder(product.name)) in card
            price = str(macros.price(product)).strip()
            assert price in card, (price, card)
            certification = product.valid_certification(local_today())
            if certification is not None:
                assert str(macros.star_badge(certification)) in card


def test_a_page_of_record_cards_is_priced_in_one_query(app, shelf, count_queries):
    with app.test_request_context("/vi/products"):
        g.lang = "vi"
        session["age_declared"] = True
        records = card_lists.cards(card_lists.cards_statement(public_products(), (Product.id,)), {}, 50)
        card = app.jinja_env.get_template("_macros/catalog.html").module.product_card
        with count_queries() as statements:
            html = "".join(str(card(p)) for p in records)
        assert len(statements) == 1 and "−15%" in html
