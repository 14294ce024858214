"""Home, the catalog and a product page in a real browser, in each language, at 360 px."""
from __future__ import annotations

import pytest

from ocop_shop.extensions import db

WORDS = {
    "vi": {"products": "Sản phẩm", "filter": "Lọc sản phẩm", "stars": "Số sao OCOP", "show": "Xem kết quả",
           "badge": "OCOP 4 sao", "age": "Tuổi của bạn", "confirm": "Xác nhận và tiếp tục",
           "certificate": "Chứng nhận OCOP", "check": "Kiểm tra giấy chứng nhận này", "valid": "Còn hiệu lực"},
    "en": {"products": "Products", "filter": "Filter products", "stars": "OCOP stars", "show": "Show products",
           "badge": "OCOP 4-star", "age": "Your age", "confirm": "Confirm and continue",
           "certificate": "OCOP certificate", "check": "Check this certificate", "valid": "Valid"},
}


@pytest.fixture
def shop(factories, make_product):
    place = factories.locality("Xã Trùng Khánh")
    producer = factories.producer(name="HTX Hạt dẻ Trùng Khánh", locality=place,
                                  alcohol_licence_number="GP-01")
    chestnuts = make_product(name="Hạt dẻ Trùng Khánh", producer=producer, category="hat-qua", stars=4,
                             price=250_000, content={"vi": {"name": "Hạt dẻ Trùng Khánh", "unit": "túi"},
                                                     "en": {"name": "Trùng Khánh chestnuts", "unit": "bag"}})
    factories.product_image(chestnuts)
    make_product(name="Miến dong Phja Đén", producer=producer, category="mien-bun", price=90_000)
    liquor = make_product(name="Rượu ngô Cải Vân", producer=producer, category="ruou", abv=29.5, stars=3)
    db.session.commit()
    return chestnuts, liquor


def no_horizontal_scroll(page) -> bool:
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_home_catalog_and_product_at_phone_width(live_server, page, shop, lang):
    chestnuts, _liquor = shop
    words = WORDS[lang]
    name = "Hạt dẻ Trùng Khánh" if lang == "vi" else "Trùng Khánh chestnuts"

    page.goto(f"{live_server}/{lang}/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert no_horizontal_scroll(page)
    assert page.get_by_role("img", name=words["badge"]).first.is_visible()

    page.get_by_role("navigation", name="Main" if lang == "en" else "Điều hướng chính") \
        .get_by_role("link", name=words["products"], exact=True).click()
    page.wait_for_url(f"**/{lang}/products")
    assert no_horizontal_scroll(page)
    page.get_by_text(words["filter"]).click()
    page.get_by_label(words["stars"]).select_option("4")
    page.get_by_role("button", name=words["show"]).click()
    page.wait_for_url("**stars=4**")
    assert page.get_by_role("link", name=name).is_visible()
    assert page.get_by_role("link", name="Miến dong Phja Đén").count() == 0

    page.get_by_role("link", name=name).click()
    page.wait_for_url(f"**/{lang}/products/{chestnuts.slug}")
    assert no_horizontal_scroll(page)
    assert page.get_by_role("heading", level=1, name=name).is_visible()
    assert page.get_by_role("heading", name=words["certificate"]).is_visible()
    assert page.get_by_text(words["valid"]).first.is_visible()
    image = page.locator(".gallery-main img")
    assert image.get_attribute("width") == "960" and image.get_attribute("height") == "720"
    assert page.evaluate("document.querySelector('.gallery-main img').complete")

    other = "en" if lang == "vi" else "vi"
    page.get_by_role("navigation", name="Language" if lang == "en" else "Ngôn ngữ").get_by_role("link").click()
    page.wait_for_url(f"**/{other}/products/{chestnuts.slug}")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_liquor_needs_the_age_declaration(live_server, page, shop, lang):
    _chestnuts, liquor = shop
    words = WORDS[lang]
    page.goto(f"{live_server}/{lang}/products/{liquor.slug}")
    assert page.locator(".price").count() == 0
    page.get_by_label("Họ và tên" if lang == "vi" else "Your name").fill("Nông Văn Dũng")
    page.get_by_label(words["age"]).fill("30")
    page.get_by_role("button", name=words["confirm"]).click()
    page.wait_for_url(f"**/{lang}/products/{liquor.slug}")
    assert page.locator(".product-info .price").is_visible()
    assert no_horizontal_scroll(page)
