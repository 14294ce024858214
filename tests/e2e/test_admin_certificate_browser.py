"""The office records a certificate in the browser, at 360 px and at 1280 px, and the shop shows its badge.

admin@example.com signs in through the form, records a 4-star certificate for a product of
producer@example.com's producer (producer first, then its products), and the storefront's
product page then shows the OCOP 4-star badge.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ocop_shop.catalog.certificates import expiry_for
from ocop_shop.catalog.models import Certification
from ocop_shop.extensions import db
from ocop_shop.timeutil import local_today

from ..conftest import two_step_code
from ..factories import Factories

PASSWORD = "ocop-demo-pass"


def _no_horizontal_scroll(page):
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _world() -> str:
    """producer@example.com's producer with one published product, no certificate; the office account."""
    factories = Factories()
    producer = factories.producer(name="HTX Miến dong Phja Đén")
    factories.user(role="producer", email="producer@example.com", password=PASSWORD, producer=producer)
    factories.product(name="Miến dong Phja Đén – gói 500 g", producer=producer)
    factories.product(name="Trà hoa vàng", producer=factories.producer(name="HTX Trà Hoa Vàng"))
    office = factories.user(role="admin", email="admin@example.com", password=PASSWORD, name="Văn phòng OCOP")
    db.session.commit()
    return "Miến dong Phja Đén – gói 500 g", office


@pytest.mark.parametrize("width", [360, 1280])
def test_office_records_a_certificate_and_the_shop_shows_its_badge(app, live_server, page, width):
    product_name, office = _world()
    code = two_step_code(office)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/vi/account/login")
    page.get_by_label("Email hoặc số điện thoại").fill("admin@example.com")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_label("Mã xác minh").fill(code)  # the office's two-step sign-in
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server}/vi/admin/certificates")
    assert page.get_by_role("heading", level=1).inner_text() == "Giấy chứng nhận OCOP"
    _no_horizontal_scroll(page)
    page.get_by_role("link", name="Ghi nhận giấy chứng nhận").click()
    page.get_by_label("Chủ thể sản xuất").select_option(label="HTX Miến dong Phja Đén")
    page.get_by_role("button", name="Tiếp: thông tin giấy chứng nhận").click()
    _no_horizontal_scroll(page)

    issued = local_today() - timedelta(days=20)
    page.get_by_label("Số giấy chứng nhận").fill("0456/CN-OCOP")
    page.get_by_label("Hạng sao").select_option(label="4 sao")
    page.get_by_label("Điểm (trên 100)").fill("65")  # a 3-star score: refused next to the field
    page.get_by_label("Số quyết định").fill("2150/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill(issued.isoformat())
    page.get_by_label("Cấp công nhận").select_option("province")
    page.get_by_label("Ngày cấp").fill(issued.isoformat())
    assert page.get_by_label("Ngày hết hạn").input_value() == expiry_for(issued).isoformat()  # suggested, 36 months on
    page.get_by_label(product_name).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận giấy chứng nhận").click()
    assert "Hạng 4 sao cần điểm từ 70 đến 89" in page.locator("#score-error").inner_text()
    assert page.get_by_label("Số giấy chứng nhận").input_value() == "0456/CN-OCOP"  # nothing typed is lost
    assert page.get_by_label(product_name).is_checked()
    _no_horizontal_scroll(page)

    page.get_by_label("Điểm (trên 100)").fill("78")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận giấy chứng nhận").click()
    assert "Đã ghi nhận giấy chứng nhận 0456/CN-OCOP." in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Giấy chứng nhận số 0456/CN-OCOP"
    _no_horizontal_scroll(page)

    cert = db.session.scalar(select(Certification).where(Certification.number == "0456/CN-OCOP"))
    assert cert is not None and cert.stars == 4
    page.get_by_role("link", name=product_name).click()
    assert page.get_by_role("heading", level=1).inner_text() == product_name
    assert page.get_by_role("img", name="OCOP 4 sao").first.is_visible()
    _no_horizontal_scroll(page)
