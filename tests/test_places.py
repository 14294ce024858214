"""Places: the index with its counts, a place page's lists, ship it home, fairs, links both ways, bad input."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from ocop_shop.cart.models import CartItem
from ocop_shop.extensions import db

from .conftest import csrf_from


@pytest.fixture
def world(factories):
    """A commune with a village under it, producers of every status, products in every state."""
    commune = factories.locality("Xã Đàm Thử", lat=22.85, lon=106.72)
    village = factories.locality("Làng Khuổi Thử", kind="village", lat=22.845, lon=106.705)
    village.parent_id = commune.id
    elsewhere = factories.locality("Xã Nơi Khác", lat=22.6, lon=106.2)
    here = factories.producer("HTX Đàm Thử", locality=commune)
    in_village = factories.producer("Homestay Khuổi Thử", kind="household", locality=village)
    pending = factories.producer("HTX Chưa Duyệt", status="pending", locality=commune)
    away = factories.producer("HTX Nơi Khác", locality=elsewhere)
    made = dict(commune=commune, village=village, elsewhere=elsewhere, here=here, in_village=in_village)
    made["shown"] = [factories.product("Hạt dẻ Thử", producer=here, stock=5),
                     factories.product("Vịt cỏ Thử", producer=in_village)]
    made["hidden"] = [factories.product("Bản nháp Thử", producer=here, status="draft"),
                      factories.product("Của HTX chưa duyệt", producer=pending),
                      factories.product("Của nơi khác", producer=away)]
    stay = factories.experience(factories.product(
        "Nghỉ nhà sàn Thử", producer=in_village, category="du-lich",
        content={"vi": {"name": "Nghỉ nhà sàn Thử", "unit": "khách/đêm"}})).product_id
    made["stay"] = stay
    factories.product("Tour chưa mô tả", producer=in_village, category="du-lich")  # no booking facts: not listed
    db.session.commit()
    return made


def _card(html: str, name: str) -> str:
    """The index card of a place, by its name."""
    start = html.index(f">{name}</a></h3>")
    return html[start:html.index("</article>", start)]


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start:html.index("</section>", start)]


def test_a_place_page_lists_exactly_its_published_producers_products_and_experiences(client, world):
    html = client.get(f"/vi/places/{world['commune'].slug}").get_data(as_text=True)
    producers = _section(html, "producers-heading")
    assert "HTX Đàm Thử" in producers and "Homestay Khuổi Thử" in producers  # the village is in the commune
    assert "HTX Chưa Duyệt" not in producers and "HTX Nơi Khác" not in producers
    products = _section(html, "ship-heading")
    assert "Hạt dẻ Thử" in products and "Vịt cỏ Thử" in products
    assert "Nghỉ nhà sàn Thử" not in products  # an experience is booked, not shipped
    for name in ("Bản nháp Thử", "Của HTX chưa duyệt", "Của nơi khác", "Tour chưa mô tả"):
        assert name not in html
    experiences = _section(html, "experiences-heading")
    assert "Nghỉ nhà sàn Thử" in experiences and "Tour chưa mô tả" not in experiences

    # The index says the same numbers for the commune, and the village's own numbers for the village.
    index = client.get("/vi/places").get_data(as_text=True)
    card = _card(index, "Xã Đàm Thử")
    assert "2 chủ thể<" in card and "2 sản phẩm" in card and "1 trải nghiệm" in card
    village = client.get(f"/vi/places/{world['village'].slug}").get_data(as_text=True)
    assert "HTX Đàm Thử" not in _section(village, "producers-heading")
    assert "Vịt cỏ Thử" in _section(village, "ship-heading")
    assert "Xã Nơi Khác" in index and "0 trải nghiệm" in _card(index, "Xã Nơi Khác")


def test_index_counts_equal_the_lengths_of_each_place_pages_lists(client, world):
    index = client.get("/en/places").get_data(as_text=True)
    for slug, name in ((world["commune"].slug, "Xã Đàm Thử"), (world["elsewhere"].slug, "Xã Nơi Khác")):
        page = client.get(f"/en/places/{slug}").get_data(as_text=True)
        card = _card(index, name)
        producers = len(re.findall(r'href="/en/producers/', _section(page, "producers-heading")))
        products = _section(page, "ship-heading").count('class="product-card')
        experiences = _section(page, "experiences-heading").count('class="product-card')
        assert f"{producers} producer" in card
        assert f"{products} product" in card
        assert f"{experiences} experience" in card


def test_ship_it_home_adds_a_product_to_the_cart_from_the_place_page(client, world):
    page = client.get(f"/vi/places/{world['commune'].slug}").get_data(as_text=True)
    product = world["shown"][0]
    assert f'name="product_id" value="{product.id}"' in page
    response = client.post("/vi/cart/add", data={"csrf_token": csrf_from(page), "product_id": product.id,
                                                 "quantity": "2"})
    assert response.status_code == 302
    db.session.expire_all()
    item = db.session.scalar(select(CartItem).where(CartItem.product_id == product.id))
    assert item is not None and item.quantity == 2
    assert "Hạt dẻ Thử" in client.get("/vi/cart").get_data(as_text=True)


def test_how_to_get_there_links_the_coordinates_in_openstreetmap_and_fairs_held_there_are_listed(
        client, world, factories):
    factories.fair(locality=world["commune"], name="Hội chợ Đàm Thử")
    factories.fair(locality=world["elsewhere"], name="Hội chợ nơi khác")
    db.session.commit()
    html = client.get(f"/vi/places/{world['commune'].slug}").get_data(as_text=True)
    assert "https://www.openstreetmap.org/?mlat=22.8500&amp;mlon=106.7200" in html
    assert "Hội chợ Đàm Thử" in html and "Hội chợ nơi khác" not in html


def test_product_and_producer_pages_link_to_their_place_and_the_sitemap_has_places_in_both_languages(
        client, world):
    product = world["shown"][0]
    place_url = f"/vi/places/{world['commune'].slug}"
    assert f'href="{place_url}"' in client.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    assert f'href="{place_url}"' in client.get(f"/vi/producers/{world['here'].slug}").get_data(as_text=True)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    for lang in ("vi", "en"):
        assert f"/{lang}/places/{world['commune'].slug}</loc>" in sitemap or \
            f"/{lang}/places/{world['commune'].slug}\"" in sitemap
        assert f"/{lang}/places</loc>" in sitemap or f"/{lang}/places\"" in sitemap


def test_an_unknown_place_is_a_404_and_unknown_map_filters_show_everything(client, world):
    assert client.get("/vi/places/khong-co-noi-nay").status_code == 404
    everything = client.get("/vi/places").get_data(as_text=True)
    odd = client.get("/vi/places?show=nothing&group=%3Cx%3E").get_data(as_text=True)
    assert odd.count('class="map-marker') == everything.count('class="map-marker') > 0


def test_the_places_pages_run_as_many_queries_at_any_catalog_size(client, world, factories, count_queries):
    urls = ["/vi/places", f"/vi/places/{world['commune'].slug}", "/vi/places?show=producers&group=thuc-pham",
            "/vi/experiences", "/vi/"]

    def counts():
        found = []
        for url in urls:
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            found.append(len(statements))
        return found

    factories.product("Quanh năm", producer=world["here"], season_from=1, season_to=12)  # shelves not empty
    db.session.commit()
    small = counts()
    for n in range(30):
        product = factories.product(f"Thêm {n}", producer=world["here"] if n % 2 else world["in_village"],
                                    season_from=1, season_to=12)
        factories.product_image(product)
        if n % 5 == 0:
            factories.experience(factories.product(f"Nghỉ thêm {n}", producer=world["in_village"],
                                                   category="du-lich"))
    db.session.commit()
    assert counts() == small
