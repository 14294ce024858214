"""SQL queries per page do not grow with the catalog: ≤ 6 for the catalog, ≤ 8 for a product page.

Models are lazy="raise", so a relationship a template touches without the page's query
loading it fails the request instead of adding a hidden query per product.
"""
from __future__ import annotations

import secrets

import pytest
from sqlalchemy import insert, select

from ocop_shop.catalog.models import Category, Product, ProductImage, certification_products
from ocop_shop.extensions import db
from ocop_shop.places.models import Locality
from ocop_shop.types import utcnow

CATALOG_BUDGET = 6
PRODUCT_BUDGET = 8


def _grow(factories, producers, certificate, up_to: int) -> None:
    """Bulk-add published products (each with a picture, every third certified) up to `up_to`."""
    have = db.session.scalar(select(db.func.count(Product.id)))
    categories = list(db.session.scalars(select(Category.id)))
    now = utcnow()
    rows = [dict(producer_id=producers[i % len(producers)].id, category_id=categories[i % len(categories)],
                 slug=f"hang-loat-{i}", status="published", price=10_000 + i * 100, stock=5,
                 weight_grams=500, is_sample=False, created_at=now, updated_at=now, published_at=now,
                 content={"vi": {"name": f"Hàng loạt {i}", "unit": "gói"}})
            for i in range(have, up_to)]
    db.session.execute(insert(Product), rows)
    ids = list(db.session.scalars(select(Product.id).where(Product.slug.like("hang-loat-%"))))
    db.session.execute(insert(ProductImage), [
        dict(product_id=pid, key=secrets.token_hex(16), width=1200, height=900, position=0, alt={})
        for pid in ids if not db.session.scalar(select(ProductImage.id).where(ProductImage.product_id == pid))])
    linked = set(db.session.scalars(select(certification_products.c.product_id)))
    db.session.execute(insert(certification_products), [
        dict(certification_id=certificate.id, product_id=pid) for pid in ids[::3] if pid not in linked])
    db.session.commit()


@pytest.fixture
def small_catalog(factories):
    """Ten products over a few producers and places, with pictures and certificates."""
    producers = [factories.producer(name=f"HTX Số {n}") for n in range(4)]
    products = []
    for n in range(10):
        product = factories.product(name=f"Sản phẩm {n}", producer=producers[n % 4],
                                    category=("hat-qua", "tra", "ruou", "vai-may-mac", "du-lich")[n % 5],
                                    abv=12 if n % 5 == 2 else None, stars=(3, 4, 5, None)[n % 4])
        factories.product_image(product)
        products.append(product)
    certificate = factories.certification(products[0], stars=4)
    db.session.commit()
    return producers, products, certificate


def _count(client, count_queries, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("url, budget", [
    ("/vi/products", CATALOG_BUDGET),
    ("/en/products?page=2", CATALOG_BUDGET),
    ("/vi/products?category=thuc-pham&stars=3&sort=stars", CATALOG_BUDGET),
    ("/vi/products?min_price=1000&max_price=900000&sort=price_desc", CATALOG_BUDGET),
    ("/vi/", None),
    ("/en/producers", None),
])
def test_listing_queries_do_not_grow_with_the_catalog(app, client, factories, count_queries, small_catalog,
                                                      url, budget):
    app.config["PRODUCTS_PER_PAGE"] = 4  # page 2 exists at both sizes
    producers, _products, certificate = small_catalog
    with client.session_transaction() as session:
        session["age_declared"] = True  # liquor cards show their picture and price too
    small = _count(client, count_queries, url)
    _grow(factories, producers, certificate, 1000)
    assert db.session.scalar(select(db.func.count(Product.id))) == 1000
    large = _count(client, count_queries, url)
    assert small == large, f"{url}: {small} queries at 10 products, {large} at 1,000"
    if budget is not None:
        assert large <= budget, f"{url}: {large} queries"


def test_filtered_by_place_and_producer_stays_within_budget(client, factories, count_queries, small_catalog):
    producers, _products, certificate = small_catalog
    producer = producers[1]
    place = db.session.get(Locality, producer.locality_id)
    url = f"/vi/products?producer={producer.slug}&place={place.slug}"
    small = _count(client, count_queries, url)
    _grow(factories, producers, certificate, 1000)
    assert _count(client, count_queries, url) == small <= CATALOG_BUDGET


@pytest.mark.parametrize("declared", [False, True])
def test_product_page_queries_do_not_grow(client, factories, count_queries, small_catalog, declared):
    producers, products, certificate = small_catalog
    if declared:
        with client.session_transaction() as session:
            session["age_declared"] = True
    urls = [f"/vi/products/{p.slug}" for p in products[:5]]  # food, tea, liquor, textile, experience
    small = [_count(client, count_queries, url) for url in urls]
    _grow(factories, producers, certificate, 1000)
    large = [_count(client, count_queries, url) for url in urls]
    assert small == large
    assert max(large) <= PRODUCT_BUDGET, large


def test_producer_page_queries_do_not_grow(client, factories, count_queries, small_catalog):
    producers, _products, certificate = small_catalog
    url = f"/en/producers/{producers[0].slug}"
    small = _count(client, count_queries, url)
    _grow(factories, producers, certificate, 1000)
    assert _count(client, count_queries, url) == small


@pytest.mark.parametrize("url, budget", [
    ("/vi/products", CATALOG_BUDGET),
    ("/vi/products?sort=price_asc", CATALOG_BUDGET),
    ("/en/products?min_price=1000&max_price=90000&sort=price_desc&page=2", CATALOG_BUDGET),
    ("/vi/", None),
])
def test_listing_queries_do_not_grow_with_campaigns_running(app, client, factories, count_queries, small_catalog,
                                                            url, budget):
    """Campaigns cover every product: cards price in one query, the price sort and filters
    use the price now inside the page's own statement (promotions.pricing.current_price_sql)."""
    from ocop_shop.promotions.models import CampaignProduct

    app.config["PRODUCTS_PER_PAGE"] = 4
    producers, products, certificate = small_catalog
    office = factories.campaign(*products, percent=20)
    factories.campaign(*products[:3], amount=5_000, funded_by="producer")
    db.session.commit()
    small = _count(client, count_queries, url)
    _grow(factories, producers, certificate, 1000)
    covered = set(db.session.scalars(select(CampaignProduct.product_id)))
    db.session.execute(insert(CampaignProduct), [
        dict(campaign_id=office.id, product_id=pid) for pid in db.session.scalars(select(Product.id))
        if pid not in covered])
    db.session.commit()
    large = _count(client, count_queries, url)
    assert small == large, f"{url}: {small} queries at 10 products, {large} at 1,000"
    if budget is not None:
        assert large <= budget, f"{url}: {large} queries"
