"""The product page's statements (queries.public_product, queries.related_products): the product
with its pictures and certificates in one, its related products' cards in one, their prices in one.

The related products' rule (same OCOP group or producer, public, never spirits; own category
first, then the producer's, then the newest) lives in that statement's SQL; these tests pin it,
both when the product's own category fills the list and when the rest of the group is read.
"""
from __future__ import annotations

from ocop_shop.catalog import queries
from ocop_shop.extensions import db


def _world(factories, make_product, maker=None):
    maker = maker or factories.producer(name="HTX Miến Tân Việt")
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
        found = queries.public_product(product.slug)
        assert found.id == product.id
        assert [p.id for p in queries.related_products(found)] == [p.id for p in expected]


def test_a_category_with_enough_products_fills_the_list_alone(app, factories, make_product):
    maker = factories.producer(name="HTX Miến Tân Việt")
    product, expected, _draft = _world(factories, make_product, maker)
    maker_in_category = make_product(name="Miến cùng nhà", producer=maker, category="mien-bun")
    db.session.commit()
    with app.test_request_context("/vi/"):
        found = queries.public_product(product.slug)
        related = [p.id for p in queries.related_products(found, limit=2)]
        assert related == [maker_in_category.id, expected[0].id]
        related = [p.id for p in queries.related_products(found, limit=3)]  # the category has exactly three
        assert related == [maker_in_category.id, *(p.id for p in expected[:2])]
        related = [p.id for p in queries.related_products(found, limit=5)]  # then the producer's, then the group
        assert related == [maker_in_category.id, *(p.id for p in expected)]


def test_a_hidden_product_has_no_page_even_with_related_products(app, client, factories, make_product):
    _product, _expected, draft = _world(factories, make_product)
    with app.test_request_context("/vi/"):
        assert queries.public_product(draft.slug) is None
    assert client.get(f"/vi/products/{draft.slug}").status_code == 404


def test_product_page_is_three_statements(client, factories, make_product, count_queries):
    product, _expected, _draft = _world(factories, make_product)
    url = f"/vi/products/{product.slug}"  # read before counting (the test's own session reloads it)
    with count_queries() as statements:
        html = client.get(url).get_data(as_text=True)
    assert "Miến nơi khác mới" in html.split('id="related-heading"', 1)[1]
    page_statements = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(page_statements) == 3, page_statements
    the_product, related, prices = page_statements
    assert "product_images" in the_product and "certification_products" in the_product
    assert "same_category" in related and "card_image" in related
    # the visibility states and the limit written into its text (PostgreSQL's generic plan knows them)
    assert "status = 'published'" in related and "LIMIT 4" in related
    assert "campaign_products" in prices


def test_related_statement_stays_within_psycopg_s_parse_cache(app):
    """psycopg parses a statement's placeholders once per text up to 4 KB, and every time beyond."""
    from psycopg._queries import MAX_CACHED_STATEMENT_LENGTH
    from sqlalchemy.dialects.postgresql.psycopg import dialect

    sql = str(queries._related_statement(lateral=True).compile(dialect=dialect()))
    assert len(sql.encode()) <= MAX_CACHED_STATEMENT_LENGTH, len(sql.encode())


def test_the_product_comes_with_every_picture_and_certificate_once(app, factories, make_product, count_queries):
    """Pictures and certificates are joined to the product's row (a row per pair): each is kept
    once, pictures in their order; the certificates through a plain join of the link table (the
    eager loader's nested join made SQLite build the link with every certificate first)."""
    from datetime import date, timedelta

    product = make_product(name="Miến dong", category="mien-bun", stars=4)
    factories.certification(product, stars=3, issued_on=date.today() - timedelta(days=800),
                            expires_on=date.today() - timedelta(days=70))
    pictures = [factories.product_image(product) for _ in range(3)]
    db.session.commit()
    slug = product.slug  # read before counting (the commit expired it)
    with app.test_request_context("/vi/"), count_queries() as statements:
        found = queries.public_product(slug)
        assert [image.id for image in found.images] == [image.id for image in pictures]
        assert sorted(c.stars for c in found.certifications) == [3, 4]
        assert found.valid_certification(date.today()).stars == 4
    assert len(statements) == 1
    assert "JOIN (" not in statements[0] and "certification_products" in statements[0]


def test_the_age_gate_reads_no_related_products(client, factories, make_product, count_queries):
    """A drink's page before the visitor declares 18+ shows the gate only: its related products
    are not read (the product is, to know it is a drink)."""
    maker = factories.producer(name="HTX Rượu Ngô")
    drink = make_product(name="Rượu ngô", producer=maker, category="ruou", abv=29)
    make_product(name="Rượu men lá", producer=maker, category="ruou", abv=12)
    db.session.commit()
    url = f"/vi/products/{drink.slug}"
    with count_queries() as statements:
        html = client.get(url).get_data(as_text=True)
    assert 'id="related-heading"' not in html and "Rượu men lá" not in html
    assert not [s for s in statements if "same_category" in s], statements


def test_on_postgresql_the_related_cards_read_picture_and_certificate_laterally_with_the_same_answers(
        app, factories, make_product):
    """PostgreSQL reads the related cards' first picture and shown certificate with LEFT JOIN LATERAL
    (its plan for a few cards hashed both tables whole); the cards are those of the plain joins."""
    from datetime import date, timedelta

    from ocop_shop.catalog.cards import cards

    product, _expected, _draft = _world(factories, make_product)
    rated = make_product(name="Miến có sao", category="mien-bun", stars=4)
    factories.certification(rated, stars=5, issued_on=date.today() - timedelta(days=900),
                            expires_on=date.today() - timedelta(days=1))
    pictures = [factories.product_image(rated) for _ in range(2)]
    db.session.commit()
    with app.test_request_context("/vi/"):
        found = queries.public_product(product.slug)
        lateral = db.session.get_bind().dialect.name == "postgresql"
        assert ("LATERAL" in str(queries._related_statement(lateral).compile(db.engine))) is lateral
        related = queries.related_products(found, limit=5)
        this = {"product_id": found.id, "category_id": found.category_id, "producer_id": found.producer_id,
                "group_code": found.category.group_code, "related_limit": 5}
        plain = cards(queries._related_statement(False), this, 5)
        assert [repr(c) for c in related] == [repr(c) for c in plain]  # records compare by identity
        card = next(c for c in related if c.id == rated.id)
        assert [image.id for image in card.images] == [pictures[0].id]
        assert [c.stars for c in card.certifications] == [4]
