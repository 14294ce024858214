"""In season: the rule (across the year's end), its SQL twin, the month in Asia/Ho_Chi_Minh, the catalog's
month filter, the shelves, and the months set in the portal and reviewed by the office."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from ocop_shop.catalog import review
from ocop_shop.catalog.models import Product, ProductRevision
from ocop_shop.catalog.season import current_month, in_season, in_season_clause, season_months
from ocop_shop.extensions import db
from ocop_shop.places.models import Locality
from ocop_shop.producers.models import Producer
from ocop_shop.timeutil import local_today

from .conftest import post_form, sign_in


def test_a_season_across_the_year_end_holds_the_months_on_both_sides():
    assert [m for m in range(1, 13) if in_season(11, 2, m)] == [1, 2, 11, 12]
    assert [m for m in range(1, 13) if in_season(9, 10, m)] == [9, 10]
    assert [m for m in range(1, 13) if in_season(12, 1, m)] == [1, 12]
    assert [m for m in range(1, 13) if in_season(4, 4, m)] == [4]
    assert not any(in_season(None, None, m) for m in range(1, 13))
    assert season_months(11, 2) == [11, 12, 1, 2]
    assert season_months(1, 12) == list(range(1, 13))


def test_the_sql_rule_agrees_with_the_python_rule_for_every_season_and_month(app, factories):
    producer = factories.producer()
    seasons = [(a, b) for a in range(1, 13) for b in range(1, 13)] + [(None, None)]
    ids = {factories.product(f"Mùa {a}-{b}", producer=producer, season_from=a, season_to=b).id: (a, b)
           for a, b in seasons}
    db.session.commit()
    for month in range(1, 13):
        found = set(db.session.scalars(select(Product.id).where(in_season_clause(month))))
        assert found == {pid for pid, (a, b) in ids.items() if in_season(a, b, month)}, month


def test_the_month_is_the_month_in_viet_nam():
    # 31 January, 18:00 UTC is already 1 February, 01:00 in Hà Nội.
    assert current_month(datetime(2027, 1, 31, 18, 0, tzinfo=timezone.utc)) == 2
    assert current_month(datetime(2027, 1, 31, 16, 59, tzinfo=timezone.utc)) == 1


@pytest.fixture
def seasonal(factories):
    today = local_today().month
    off = today % 12 + 6 if today % 12 + 6 <= 12 else today % 12 - 6  # a month half a year away
    made = {
        "winter": factories.product("Miến dong mùa đông", season_from=11, season_to=2),
        "chestnut": factories.product("Hạt dẻ mùa thu", season_from=9, season_to=10),
        "always": factories.product("Thạch đen quanh năm"),
        "now": factories.product("Đang vào mùa", season_from=today, season_to=today),
        "later": factories.product("Chưa vào mùa", season_from=off, season_to=off),
        "liquor": factories.product("Rượu ngô mùa này", category="do-uong", abv=35.0, season_from=today,
                                    season_to=today),
    }
    db.session.commit()
    return made


def _names(html: str, *names: str) -> set[str]:
    return {name for name in names if name in html}


def test_the_catalog_month_filter_shows_what_is_in_season_that_month(client, seasonal):
    names = ("Miến dong mùa đông", "Hạt dẻ mùa thu", "Thạch đen quanh năm")
    assert _names(client.get("/vi/products?month=1").get_data(as_text=True), *names) == {"Miến dong mùa đông"}
    assert _names(client.get("/vi/products?month=12").get_data(as_text=True), *names) == {"Miến dong mùa đông"}
    assert _names(client.get("/vi/products?month=9").get_data(as_text=True), *names) == {"Hạt dẻ mùa thu"}
    assert _names(client.get("/vi/products?month=6").get_data(as_text=True), *names) == set()


@pytest.mark.parametrize("month", ["13", "0", "-1", "abc", "1.5"])
def test_a_month_outside_1_to_12_is_ignored_and_the_filter_shown_as_off(client, seasonal, month):
    response = client.get(f"/vi/products?month={month}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _names(html, "Miến dong mùa đông", "Hạt dẻ mùa thu", "Thạch đen quanh năm") == {
        "Miến dong mùa đông", "Hạt dẻ mùa thu", "Thạch đen quanh năm"}
    assert "bộ lọc đúng mùa đã tắt" in html
    assert 'id="f-month"' in html and '<option value="" selected' not in html  # nothing chosen: "any month"


def test_the_home_and_place_shelves_show_what_is_in_season_now_and_never_spirits(client, seasonal):
    home = client.get("/vi/").get_data(as_text=True)
    shelf = home[home.index('id="season-heading"'):]
    shelf = shelf[:shelf.index("</section>")]
    assert "Đang vào mùa" in shelf and "Chưa vào mùa" not in shelf and "Thạch đen quanh năm" not in shelf
    assert "Rượu ngô mùa này" not in shelf  # ABV ≥ 15: never promoted
    place = db.session.get(Locality, db.session.get(Producer, seasonal["now"].producer_id).locality_id)
    page = client.get(f"/vi/places/{place.slug}").get_data(as_text=True)
    assert 'id="season-heading"' in page and "Đang vào mùa" in page[page.index('id="season-heading"'):]


def test_a_producer_sets_the_months_in_the_portal_and_the_office_reviews_them_before_after(
        app, client, factories, make_user, login_as):
    producer = factories.producer("HTX Hạt dẻ Trùng Khánh")
    product = factories.product("Hạt dẻ Trùng Khánh", producer=producer, category="hat-qua",
                                content={"vi": {"name": "Hạt dẻ Trùng Khánh", "unit": "kg"}})
    member = make_user(role="producer", producer=producer)
    db.session.commit()
    login_as(member)
    form = {"name_vi": "Hạt dẻ Trùng Khánh", "category_id": str(product.category_id), "unit_vi": "kg",
            "weight_grams": "1000", "season_from": "9", "season_to": "10"}
    page = post_form(client, f"/vi/producer/products/{product.id}", form, follow_redirects=True)
    assert "đã được gửi tới Văn phòng" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).season_from is None  # the public product waits for review
    revision = db.session.scalar(select(ProductRevision).where(ProductRevision.status == "pending_review"))
    assert (revision.facts["season_from"], revision.facts["season_to"]) == (9, 10)

    # Only one month: refused next to the field.
    half = post_form(client, f"/vi/producer/products/{product.id}", {**form, "season_to": ""})
    assert "Hãy chọn cả hai tháng của mùa" in half.get_data(as_text=True)

    office = app.test_client()
    admin = factories.user(role="admin")
    db.session.commit()
    sign_in(office, admin, "correct horse battery")
    html = office.get(f"/vi/admin/review/changes/{revision.id}").get_data(as_text=True)
    assert "Vào mùa từ" in html and "Tháng 9" in html and "Tháng 10" in html
    review.approve_changes(revision, None)
    db.session.commit()
    db.session.expire_all()
    assert (db.session.get(Product, product.id).season_from, db.session.get(Product, product.id).season_to) == (9, 10)
    public = client.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    assert "Tháng 9 – Tháng 10" in public
