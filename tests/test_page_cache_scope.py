"""The page cache's reach: every listed kind of page is cached, PAGE_CACHE=off turns it all off,
and `flask page-cache clear` makes every page stale."""
from __future__ import annotations

import pytest

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.places.models import Locality
from ocop_shop.producers.models import Producer

from .conftest import CSRF_RE

pytestmark = pytest.mark.config(PAGE_CACHE="on")


def _x(response) -> str:
    return response.headers.get("X-Cache", "")


def _page(product) -> str:
    return f"/vi/products/{product.slug}"


@pytest.fixture
def noodles(factories):
    product = factories.product(name="Miến dong Bắc Sơn", price=90_000, stock=5)
    db.session.commit()
    return product


def test_off_means_no_cache_and_no_header(app, noodles, tmp_path):
    config = TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    assert config.PAGE_CACHE == "off"
    visitor = create_app(config).test_client()
    assert "X-Cache" not in visitor.get("/vi/").headers
    assert "X-Cache" not in visitor.get("/vi/").headers


def test_clearing_after_a_deploy_makes_every_page_stale(app, client, noodles):
    client.get("/vi/")
    assert _x(client.get("/vi/")) == "hit"
    result = app.test_cli_runner().invoke(args=["page-cache", "clear"])
    assert result.exit_code == 0 and "Page cache cleared" in result.output
    assert _x(client.get("/vi/")) == "miss"


def test_every_listed_kind_of_page_is_served_from_the_cache(client, factories, noodles):
    producer = db.session.get(Producer, noodles.producer_id)
    campaign = factories.campaign(noodles, percent=10)
    fair = factories.fair((producer, "A1", [noodles]))
    experience_product = db.session.get(Product, factories.experience().product_id)
    place = db.session.get(Locality, producer.locality_id)
    db.session.commit()
    urls = ["/vi/", "/vi/products", "/vi/products?sort=price", _page(noodles), _page(experience_product),
            "/vi/producers", f"/vi/producers/{producer.slug}", "/vi/places", f"/vi/places/{place.slug}",
            "/vi/experiences", f"/vi/campaigns/{campaign.slug}", "/vi/fairs", f"/vi/fairs/{fair.slug}",
            "/vi/search?q=mi%E1%BA%BFn"]
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200 and _x(first) == "miss", url
        again = client.get(url)
        assert _x(again) == "hit", url
        if not CSRF_RE.search(first.text):  # token pages differ by the token only (tested above)
            assert again.get_data() == first.get_data(), url
