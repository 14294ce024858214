"""The search box in a real browser: suggestions as you type (text only), then the results page."""
from __future__ import annotations

import pytest

from ocop_shop.extensions import db


@pytest.fixture
def shop(factories, make_product):
    producer = factories.producer(name="HTX Hạt dẻ Trùng Khánh", alcohol_licence_number="GP-01")
    chestnuts = make_product(name="Hạt dẻ Trùng Khánh", producer=producer, category="hat-qua", stars=4,
                             content={"vi": {"name": "Hạt dẻ Trùng Khánh", "unit": "túi"},
                                      "en": {"name": "Trùng Khánh chestnuts", "unit": "bag"}})
    make_product(name="Hạt dổi <b>rừng</b>", producer=producer, category="hat-qua")
    make_product(name="Rượu ngô Cải Vân", producer=producer, category="ruou", abv=35, stars=3)
    db.session.commit()
    return chestnuts


def test_suggestions_as_you_type_then_results(live_server, page, shop):
    page.goto(f"{live_server}/vi/")
    box = page.get_by_role("combobox", name="Tìm sản phẩm")
    box.click()
    box.press_sequentially("hat d", delay=40)
    options = page.get_by_role("listbox").get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert "hạt dẻ" in texts
    assert any(t.startswith("Hạt dổi <b>rừng</b>") for t in texts)  # shown as text, never as markup
    assert page.locator("#search-suggestions b").count() == 0
    assert box.get_attribute("aria-expanded") == "true"

    box.fill("")
    box.press_sequentially("ruou ngo", delay=40)
    page.get_by_role("option", name="Rượu ngô Cải Vân").wait_for()
    assert "18+" in page.get_by_role("option", name="Rượu ngô Cải Vân").inner_text()

    box.press("Escape")
    assert page.get_by_role("listbox").is_hidden()
    box.fill("hatj dde")
    box.press("Enter")  # no suggestion chosen: the plain form submits
    page.wait_for_url("**/vi/search?q=hatj+dde")
    assert page.get_by_role("heading", level=1).inner_text() == "Kết quả cho “hatj dde”"
    link = page.get_by_role("link", name="Hạt dẻ Trùng Khánh")
    assert link.is_visible()
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_choosing_a_product_with_the_keyboard_opens_it(live_server, page, shop):
    page.goto(f"{live_server}/en/")
    box = page.get_by_role("combobox", name="Search products")
    box.click()
    box.press_sequentially("chestn", delay=40)
    page.get_by_role("option", name="Trùng Khánh chestnuts").wait_for()
    product = page.get_by_role("option", name="Trùng Khánh chestnuts")
    for _ in range(10):  # down the list to the product (terms come first)
        box.press("ArrowDown")
        if product.get_attribute("aria-selected") == "true":
            break
    assert box.get_attribute("aria-activedescendant") == product.get_attribute("id")
    box.press("Enter")
    page.wait_for_url(f"**/en/products/{shop.slug}")
