"""The product page reads its product and related products in one statement (queries.product_page).

The related products' rule (same OCOP group or producer, public, never spirits; own category
first, then the producer's, then the newest) lives in that statement's SQL; these tests pin it.
"""
from __future__ import annotations

from ocop_shop.catalog import queries
from ocop_shop.extensions import db


def _world(factories, make_product):
    maker = factories.producer(name="HTX Miến Tân Việt")
    product = make_product(name="Miến dong", producer=maker, category="mien-bun")
    older = make_product(name="Miến nơi khác cũ", category="mien-bun")
    newer = make_product(name="Miến nơi khác mới", category="mien-bun")
    same_maker = make_product(name="Trà cùng nhà", producer=maker, category="tra")  # another group
    same_group = make_product(name="Gạo cùng nhóm", category="gao-nep")
    draft = make_product(name="Miến nháp", category="mien-bun", status="draft")
    make_product(name="Rượu cùng nhà", producer=maker, category="ruou", abv=40)
    make_product(name="Khăn nơi khác", category="vai-may-mac")  # other group, other producer
    db.session.commit()
    return product, [newer, older, same_maker, same_group], draft


def test_related_products_come_in_order_without_hidden_products_or_spirits(app, factories, make_product):
    product, expected, _draft = _world(factories, make_product)
    with app.test_request_context("/vi/"):
        page = queries.product_page(product.slug)
        assert page.product.id == product.id
        assert [p.id for p in page.related] == [p.id for p in expected]
        assert queries.related_products(page.product) == page.related  # the booking page's way, same rule


def test_a_hidden_product_has_no_page_even_with_related_products(app, client, factories, make_product):
    _product, _expected, draft = _world(factories, make_product)
    with app.test_request_context("/vi/"):
        assert queries.product_page(draft.slug) is None
    assert client.get(f"/vi/products/{draft.slug}").status_code == 404


def test_product_and_related_products_are_one_statement(client, factories, make_product, count_queries):
    product, _expected, _draft = _world(factories, make_product)
    url = f"/vi/products/{product.slug}"  # read before counting (the test's own session reloads it)
    with count_queries() as statements:
        html = client.get(url).get_data(as_text=True)
    assert "Miến nơi khác mới" in html.split('id="related-heading"', 1)[1]
    reading_products = [s for s in statements if "FROM products" in s and "product_images" not in s
                        and "campaign_products" not in s and "certification_products" not in s]
    assert len(reading_products) == 1, reading_products
