"""Shipping rules in the back office: zones with their provinces and weight bands, edited with field
errors for gaps, overlaps, negative prices and a province in two zones; edits price new carts only."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from ocop_shop.audit import AuditLog
from ocop_shop.extensions import db
from ocop_shop.orders import shipping_rules
from ocop_shop.orders.models import Order
from ocop_shop.orders.shipping import ShippingRate, ShippingZoneProvince

from .conftest import csrf_from, post_form
from .test_checkout import add, details

LOCAL = "/vi/admin/shipping/local"
# Cao Bằng (4) with the default bands of the local zone.
DEFAULT_LOCAL = {"provinces": ["4"], "extra_per_kg": "5000", "free_over": "500000",
                 "bands-0-from_grams": "0", "bands-0-max_grams": "1000", "bands-0-fee": "20000",
                 "bands-1-from_grams": "1000", "bands-1-max_grams": "3000", "bands-1-fee": "25000",
                 "bands-2-from_grams": "3000", "bands-2-max_grams": "5000", "bands-2-fee": "30000"}


@pytest.fixture
def rules(factories):
    factories.shipping_rules()
    db.session.commit()


@pytest.fixture
def admin(login_as, rules):
    return login_as("admin")


def rates(zone="local") -> list[tuple[int, int]]:
    db.session.expire_all()
    return [(r.max_grams, r.fee) for r in db.session.scalars(
        select(ShippingRate).where(ShippingRate.zone_code == zone).order_by(ShippingRate.max_grams))]


def save(client, **changes):
    data = {**DEFAULT_LOCAL, **changes}
    return post_form(client, LOCAL, {k: v for k, v in data.items() if v is not None})


def test_the_rules_page_lists_zones_provinces_bands_and_thresholds(client, admin):
    page = client.get("/vi/admin/shipping").get_data(as_text=True)
    assert "Nội tỉnh Cao Bằng" in page and "Các tỉnh miền Bắc" in page and "Mọi tỉnh không thuộc vùng khác" in page
    assert "Cao Bằng" in page and "Lạng Sơn" in page
    assert "trên 1.000 g, đến 3.000 g" in page and "25.000\u00a0₫" in page
    assert "cho đơn từ 500.000\u00a0₫" in page
    english = client.get("/en/admin/shipping").get_data(as_text=True)
    assert "Within Cao Bằng province" in english and "over 1,000 g, up to 3,000 g" in english


def test_an_edit_prices_the_next_cart_and_placed_orders_keep_their_shipping(client, admin, factories, make_product):
    product = make_product(price=100_000, stock=10, weight_grams=800)
    placed = factories.order((product, 1), province_code=4)
    db.session.commit()
    assert placed.shipping == 20_000
    response = save(client, **{"bands-0-fee": "23000", "free_over": ""})
    assert response.status_code == 302
    assert rates() == [(1_000, 23_000), (3_000, 25_000), (5_000, 30_000)]
    assert db.session.get(Order, placed.id).shipping == 20_000  # its own snapshot
    shopper = client.application.test_client()
    add(shopper, product, 1)
    review = details(shopper)
    assert review.status_code == 302
    page = shopper.get("/vi/checkout/review").get_data(as_text=True)
    assert "23.000\u00a0₫" in page and "123.000\u00a0₫" in page
    entry = db.session.scalars(select(AuditLog).where(AuditLog.action == "shipping.zone_update")).one()
    assert entry.changes["free_over"] == [500_000, None]
    assert entry.changes["bands"][1] == ["0–1000 g: 23000 đ", "1000–3000 g: 25000 đ", "3000–5000 g: 30000 đ"]
    assert entry.actor_id == admin.id


def test_bands_are_added_and_removed(client, admin):
    response = save(client, **{"bands-2-remove": "y", "bands-3-from_grams": "3000", "bands-3-max_grams": "10000",
                               "bands-3-fee": "45000"})
    assert response.status_code == 302
    assert rates() == [(1_000, 20_000), (3_000, 25_000), (10_000, 45_000)]


@pytest.mark.parametrize("changes, field_error", [
    ({"bands-1-from_grams": "1500"}, "Bị hở: chưa có giá cho kiện từ 1000 g đến 1500 g."),
    ({"bands-1-from_grams": "800"}, "Mức cân này chồng lên một mức khác (kết thúc ở 1000 g)."),
    ({"bands-0-from_grams": "100"}, "Bị hở: chưa có giá cho kiện từ 0 g đến 100 g."),
    ({"bands-1-fee": "-1"}, "Giá không được là số âm."),
    ({"extra_per_kg": "-5"}, "Giá không được là số âm."),
    ({"bands-2-max_grams": "2000"}, "Mức cân phải kết thúc lớn hơn mốc bắt đầu."),
    ({"bands-2-fee": ""}, "Vui lòng điền đủ ba số của mức cân này, hoặc để trống cả dòng."),
    ({"bands-1-fee": "nhiều"}, "Vui lòng nhập một số nguyên."),
    ({"provinces": ["4", "20"]}, "Lạng Sơn đã thuộc vùng “Các tỉnh miền Bắc”: hãy bỏ tỉnh đó khỏi vùng kia trước."),
    ({"bands-0-remove": "y", "bands-1-remove": "y", "bands-2-remove": "y"}, "Vui lòng giữ lại ít nhất một mức cân."),
])
def test_bad_rules_are_refused_next_to_their_field_and_nothing_changes(client, admin, changes, field_error):
    response = save(client, **changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and field_error in page
    for name, value in changes.items():  # what was typed is kept
        if isinstance(value, str) and value and name != "bands-0-remove":
            assert f'value="{value}"' in page or name.endswith("remove")
    assert rates() == [(1_000, 20_000), (3_000, 25_000), (5_000, 30_000)]
    assert db.session.scalar(select(ShippingZoneProvince.zone_code).where(ShippingZoneProvince.province_code == 20)) \
        == "north"
    assert db.session.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_moving_a_province_between_zones_takes_two_edits(client, admin):
    north = shipping_rules.zone_rules(db.session.get(shipping_rules.ShippingZone, "north"))
    data = {"provinces": [str(p) for p in north.provinces if p != 20], "extra_per_kg": "8000", "free_over": "800000"}
    for i, band in enumerate(north.bands):
        data.update({f"bands-{i}-from_grams": band.from_grams, f"bands-{i}-max_grams": band.max_grams,
                     f"bands-{i}-fee": band.fee})
    assert post_form(client, "/vi/admin/shipping/north", data).status_code == 302
    assert save(client, provinces=["4", "20"]).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(ShippingZoneProvince.zone_code).where(ShippingZoneProvince.province_code == 20)) \
        == "local"


def test_the_rest_zone_has_no_province_list_and_unknown_zones_are_404(client, admin):
    page = client.get("/vi/admin/shipping/rest").get_data(as_text=True)
    assert "Vùng này gồm mọi tỉnh không thuộc vùng khác." in page and 'name="provinces"' not in page
    assert client.get("/vi/admin/shipping/mars").status_code == 404


def test_an_expired_form_keeps_the_bands_typed_and_writes_nothing(client, admin):
    html = client.get(LOCAL).get_data(as_text=True)
    with client.session_transaction() as session:
        session.pop("csrf_token", None)
    data = {**DEFAULT_LOCAL, "bands-0-fee": "27777", "csrf_token": csrf_from(html)}
    response = client.post(LOCAL, data=data)
    assert response.status_code == 400 and 'value="27777"' in response.get_data(as_text=True)
    assert rates() == [(1_000, 20_000), (3_000, 25_000), (5_000, 30_000)]
