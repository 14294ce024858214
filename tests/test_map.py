"""The province map: valid SVG, named markers, markers ↔ places and producers with a position, household pins."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer
from ocop_shop.tourism import map as province

from .conftest import post_form

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world(factories):
    centre = factories.locality("Xã Trung Tâm", lat=22.70, lon=106.30)
    nowhere = factories.locality("Xã Chưa Định Vị", lat=None, lon=None)
    made = dict(centre=centre, nowhere=nowhere)
    made["coop"] = factories.producer("HTX Có Điểm", locality=centre, lat=22.75, lon=106.40,
                                      exact_location_public=True)
    made["home_private"] = factories.producer("Hộ Giữ Riêng", kind="household", locality=centre,
                                              lat=22.71, lon=106.35, exact_location_public=False)
    made["home_public"] = factories.producer("Hộ Công Khai", kind="household", locality=centre,
                                             lat=22.72, lon=106.36, exact_location_public=True)
    made["lost"] = factories.producer("Hộ Chưa Có Vị Trí", kind="household", locality=nowhere)
    made["pending"] = factories.producer("HTX Chờ Duyệt", status="pending", locality=centre)
    factories.product("Miến Có Điểm", producer=made["coop"])
    factories.product("Dao Giữ Riêng", producer=made["home_private"], category="luu-niem-noi-that-trang-tri")
    made["stay"] = factories.product("Nghỉ Nhà Sàn", producer=made["home_public"], category="du-lich")
    factories.experience(made["stay"])
    db.session.commit()
    return made


def _with_place(producer: Producer) -> Producer:
    return db.session.scalar(select(Producer).where(Producer.id == producer.id)
                             .options(joinedload(Producer.locality)).execution_options(populate_existing=True))


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "no svg on the page"
    return ET.fromstring(match.group(0))  # raises if the SVG is not well-formed XML


def _markers(html: str) -> dict[str, str]:
    """href → accessible name of every marker link in the map."""
    links = _svg(html).iter(f"{SVG}a")
    return {a.get("href"): a.get("aria-label") for a in links}


def test_the_map_is_valid_svg_and_every_marker_is_a_named_link(client, world):
    html = client.get("/vi/places").get_data(as_text=True)
    svg = _svg(html)
    assert svg.get("viewBox", "").startswith("0 0 ")
    links = list(svg.iter(f"{SVG}a"))
    assert links
    for link in links:
        title = link.find(f"{SVG}title")
        assert link.get("href", "").startswith("/vi/")
        assert link.get("aria-label") and title is not None and title.text == link.get("aria-label")
    assert 'style="' not in re.search(r"<svg\b.*?</svg>", html, re.S).group(0)


def test_markers_are_the_places_and_producers_with_a_position_and_the_others_are_listed(client, world):
    html = client.get("/vi/places").get_data(as_text=True)
    markers = _markers(html)
    assert f"/vi/places/{world['centre'].slug}" in markers
    for key in ("coop", "home_private", "home_public"):
        assert f"/vi/producers/{world[key].slug}" in markers
    assert f"/vi/products/{world['stay'].slug}" in markers  # the experience, at its producer's pin
    # Without a position: not a marker, but in the list, saying so.
    assert f"/vi/places/{world['nowhere'].slug}" not in markers
    assert f"/vi/producers/{world['lost'].slug}" not in markers
    listed = html[html.index('class="map-list"'):]
    lost = listed[listed.index("Hộ Chưa Có Vị Trí"):]
    assert "chưa có vị trí" in lost[:lost.index("</li>")]
    assert "HTX Chờ Duyệt" not in html
    # The marker names say what and which: "3. Chủ thể sản xuất: HTX Có Điểm".
    assert markers[f"/vi/producers/{world['coop'].slug}"].endswith("Chủ thể sản xuất: HTX Có Điểm")


def test_household_pins_sit_at_the_commune_centre_unless_the_producer_opted_in(app, world):
    centre = (world["centre"].lat, world["centre"].lon)
    private = province.producer_pin(_with_place(world["home_private"]))
    public = province.producer_pin(_with_place(world["home_public"]))
    assert (private.lat, private.lon, private.exact) == (*centre, False)
    assert (public.lat, public.lon, public.exact) == (22.72, 106.36, True)
    assert province.producer_pin(_with_place(world["lost"])) is None
    # On the drawn map each marker's true point is the projection of its pin.
    drawn = {m.slug: m for m in province.province_map().markers}
    assert drawn[world["home_private"].slug].home == province.project(*centre)
    assert drawn[world["home_public"].slug].home == province.project(22.72, 106.36)
    assert drawn[world["coop"].slug].home == province.project(22.75, 106.40)


def test_markers_do_not_cover_each_other(app, world, factories):
    for n in range(6):  # six households at the same commune centre
        factories.producer(f"Hộ Cùng Xã {n}", kind="household", locality=world["centre"])
    db.session.commit()
    markers = province.province_map().markers
    for i, a in enumerate(markers):
        for b in markers[i + 1:]:
            assert (a.x - b.x) ** 2 + (a.y - b.y) ** 2 >= province.MIN_GAP ** 2 - 1


def test_filters_work_as_plain_links_and_unknown_values_show_everything(client, world, factories):
    producers = _markers(client.get("/vi/places?show=producers").get_data(as_text=True))
    assert producers and all("/producers/" in href for href in producers)
    experiences = _markers(client.get("/vi/places?show=experiences").get_data(as_text=True))
    assert set(experiences) == {f"/vi/products/{world['stay'].slug}"}
    makers = _markers(client.get("/vi/places?show=producers&group=luu-niem-noi-that-trang-tri").get_data(as_text=True))
    assert set(makers) == {f"/vi/producers/{world['home_private'].slug}"}
    everything = _markers(client.get("/vi/places").get_data(as_text=True))
    for odd in ("?show=%3Cscript%3E", "?group=khong-co", "?show=producers&group=x", "?show=places&show=all"):
        response = client.get("/vi/places" + odd)
        assert response.status_code == 200
    assert _markers(client.get("/vi/places?show=bogus&group=khong-co").get_data(as_text=True)) == everything


PROFILE = {"contact_name": "Lý Thị Điệp", "contact_phone": "0915 111 222", "contact_email": "", "locality_id": "",
           "address": "Làng đá", "founded": "2016", "workers": "4", "trained_workers": "2", "ethnic_group": "Tày"}


def test_a_producer_chooses_in_the_portal_between_the_exact_point_and_the_commune_centre(
        client, factories, make_user, login_as):
    centre = factories.locality("Xã Đàm Thủy Thử", lat=22.855, lon=106.722)
    producer = factories.producer("Homestay Làng Đá Thử", kind="household", locality=centre)
    login_as(make_user(role="producer", producer=producer))
    db.session.commit()
    form = {**PROFILE, "locality_id": str(centre.id), "lat": "22,8450", "lon": "106.705"}

    post_form(client, "/vi/producer/profile", form)  # the point is kept, but not shown
    saved = _with_place(producer)
    assert (saved.lat, saved.lon, saved.exact_location_public) == (22.845, 106.705, False)
    assert province.producer_pin(saved) == province.Pin(22.855, 106.722, False)

    post_form(client, "/vi/producer/profile", {**form, "exact_location_public": "y"})
    assert province.producer_pin(_with_place(producer)) == province.Pin(22.845, 106.705, True)

    outside = post_form(client, "/vi/producer/profile", {**form, "lat": "10.77", "lon": "106.70"})
    assert "trong Cao Bằng" in outside.get_data(as_text=True)
    assert _with_place(producer).lat == 22.845  # refused: nothing changed
