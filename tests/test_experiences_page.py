"""The experiences page: every bookable experience, its filters, links to booking, bad filter values."""
from __future__ import annotations

import pytest

from ocop_shop.extensions import db


@pytest.fixture
def stays(factories):
    north = factories.locality("Xã Trường Thử", lat=22.98, lon=106.05)
    falls = factories.locality("Xã Đàm Thử", lat=22.85, lon=106.72)
    village = factories.locality("Làng Đá Thử", kind="village", lat=22.845, lon=106.705)
    village.parent_id = falls.id

    def stay(name, locality, price, max_party, season=(None, None)):
        producer = factories.producer(f"Chủ nhà {name}", kind="household", locality=locality)
        product = factories.product(name, producer=producer, category="du-lich", price=price,
                                    season_from=season[0], season_to=season[1],
                                    content={"vi": {"name": name, "unit": "khách/đêm"}})
        factories.experience(product, max_party=max_party)
        return product

    made = {
        "farm": stay("Farmstay Thử", north, 250_000, 20, (3, 5)),
        "cave": stay("Phòng hang đá Thử", village, 1_000_000, 2, (9, 11)),
        "winter": stay("Nhà sàn mùa đông Thử", falls, 300_000, 8, (11, 2)),
        "falls": falls,
    }
    factories.product("Tour chưa mô tả Thử", category="du-lich")  # no booking facts: not bookable
    factories.product("Hạt dẻ Thử")  # not an experience
    db.session.commit()
    return made


def _listed(client, query: str = "") -> set[str]:
    html = client.get(f"/vi/experiences{query}").get_data(as_text=True)
    names = ("Farmstay Thử", "Phòng hang đá Thử", "Nhà sàn mùa đông Thử", "Tour chưa mô tả Thử", "Hạt dẻ Thử")
    return {name for name in names if f">{name}</a>" in html}


def test_every_bookable_experience_is_listed_with_a_link_to_its_booking_form(client, stays):
    html = client.get("/vi/experiences").get_data(as_text=True)
    assert _listed(client) == {"Farmstay Thử", "Phòng hang đá Thử", "Nhà sàn mùa đông Thử"}
    for key in ("farm", "cave", "winter"):
        assert f'href="/vi/products/{stays[key].slug}#booking-heading"' in html
    booking_page = client.get(f"/vi/products/{stays['farm'].slug}").get_data(as_text=True)
    assert 'id="booking-heading"' in booking_page and "/booking" in booking_page


def test_filters_by_place_month_price_and_party_size(client, stays):
    assert _listed(client, f"?place={stays['falls'].slug}") == {"Phòng hang đá Thử", "Nhà sàn mùa đông Thử"}
    assert _listed(client, "?month=1") == {"Nhà sàn mùa đông Thử"}  # November–February holds January
    assert _listed(client, "?month=10") == {"Phòng hang đá Thử"}
    assert _listed(client, "?max_price=300.000") == {"Farmstay Thử", "Nhà sàn mùa đông Thử"}
    assert _listed(client, "?party=10") == {"Farmstay Thử"}
    assert _listed(client, f"?place={stays['falls'].slug}&party=3&month=12") == {"Nhà sàn mùa đông Thử"}


@pytest.mark.parametrize("query", ["?month=13", "?month=0", "?month=abc", "?party=-2", "?party=9999",
                                   "?max_price=nhiều", "?place=khong-co-noi-nay", "?place=%3Cb%3E"])
def test_unknown_filter_values_give_the_unfiltered_page_and_say_the_filter_is_off(client, stays, query):
    response = client.get(f"/vi/experiences{query}")
    assert response.status_code == 200
    assert _listed(client, query) == {"Farmstay Thử", "Phòng hang đá Thử", "Nhà sàn mùa đông Thử"}
    assert "không đọc được nên đã tắt" in response.get_data(as_text=True)
