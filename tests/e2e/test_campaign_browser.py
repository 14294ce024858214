"""The office runs a campaign in the browser at 360 px, and the shop charges it.

admin@example.com signs in (two-step code), creates a 20% campaign on Hạt dẻ Trùng Khánh
(the seeded product, 120.000 ₫) and activates it; the product page and its catalog card then
show the old price struck through and 96.000 ₫, and the cart charges 96.000 ₫. A campaign
naming Rượu ngô Cải Vân is refused with the reason; one on the whole drinks group is saved and
leaves Cải Vân at its full price.
"""
from __future__ import annotations

from datetime import timedelta

from ocop_shop.extensions import db
from ocop_shop.orders.shipping import ensure_default_rules
from ocop_shop.seed import seed_demo
from ocop_shop.timeutil import VN_TZ
from ocop_shop.types import utcnow

from .office import sign_in_office

CHESTNUTS = "Hạt dẻ Trùng Khánh – túi 1 kg"
CHESTNUTS_SLUG = "hat-de-trung-khanh-tui-1-kg"
LIQUOR = "Rượu ngô Cải Vân – chai 500 ml"
LIQUOR_SLUG = "ruou-ngo-cai-van-chai-500-ml"


def _no_horizontal_scroll(page):
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _sign_in(page, live_server):
    sign_in_office(page, live_server)


def _new_campaign(page, live_server, name: str, days: int = 10):
    """Open the form from the list and fill the name, 20% and dates from an hour ago."""
    page.goto(f"{live_server}/vi/admin/campaigns")
    page.get_by_role("link", name="Tạo chương trình").click()
    start = (utcnow() - timedelta(hours=1)).astimezone(VN_TZ)
    page.get_by_label("Tên (tiếng Việt)").fill(name)
    page.get_by_role("radio", name="Phần trăm giá bán").check()
    page.get_by_label("Mức giảm (phần trăm hoặc đồng)").fill("20")
    page.get_by_label("Bắt đầu (giờ Việt Nam)").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Kết thúc (giờ Việt Nam)").fill((start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"))


def _save_and_activate(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bản nháp").click()
    assert page.get_by_text("Bản nháp", exact=True).is_visible(), page.locator(".field-error").all_inner_texts()
    with page.expect_navigation():
        page.get_by_role("button", name="Kích hoạt").click()
    assert page.get_by_text("Đang diễn ra", exact=True).first.is_visible()
    _no_horizontal_scroll(page)


def _declare_age(page):
    page.get_by_label("Họ và tên của bạn").fill("Nguyễn Thị Lan")
    page.get_by_label("Tuổi của bạn").fill("30")
    page.get_by_role("button", name="Xác nhận và tiếp tục").click()
    page.wait_for_load_state()


def test_office_runs_a_campaign_and_the_shop_charges_it(app, live_server, page):
    seed_demo()
    ensure_default_rules()
    db.session.commit()
    _sign_in(page, live_server)

    _new_campaign(page, live_server, "Mùa hạt dẻ Trùng Khánh")
    page.get_by_role("radio", name="Sản phẩm được chọn").check()
    page.get_by_role("listbox", name="Sản phẩm", exact=True).select_option(label=CHESTNUTS)
    _no_horizontal_scroll(page)
    _save_and_activate(page)

    page.goto(f"{live_server}/vi/products/{CHESTNUTS_SLUG}")
    price = page.locator("main p.price").first
    assert price.locator("del").inner_text().endswith("120.000\u00a0₫")
    assert price.locator("strong.price-final").inner_text() == "96.000\u00a0₫"
    _no_horizontal_scroll(page)
    page.goto(f"{live_server}/vi/products")
    card = page.locator("article", has=page.get_by_role("link", name=CHESTNUTS)).first
    assert "120.000" in card.locator("del").inner_text()
    assert card.locator("strong.price-final").inner_text() == "96.000\u00a0₫"
    page.goto(f"{live_server}/vi/products/{CHESTNUTS_SLUG}")
    page.get_by_role("button", name="Thêm vào giỏ hàng").click()
    assert page.url.endswith("/vi/cart")
    assert "96.000\u00a0₫" in page.locator("main").inner_text()
    _no_horizontal_scroll(page)

    _new_campaign(page, live_server, "Giảm giá rượu ngô", days=5)
    page.get_by_role("radio", name="Sản phẩm được chọn").check()
    page.get_by_role("listbox", name="Sản phẩm", exact=True).select_option(label=LIQUOR)
    page.get_by_role("button", name="Lưu bản nháp").click()
    error = page.locator(".field-error", has_text="Luật 44/2019/QH14")
    assert error.is_visible() and LIQUOR in error.inner_text()

    _new_campaign(page, live_server, "Tuần đồ uống Cao Bằng", days=5)
    page.get_by_role("radio", name="Nhóm sản phẩm OCOP").check()
    page.get_by_role("listbox", name="Nhóm sản phẩm OCOP").select_option(label="Đồ uống")
    _save_and_activate(page)
    assert page.get_by_text("đã bị loại ra").is_visible()

    page.goto(f"{live_server}/vi/products/{LIQUOR_SLUG}")
    _declare_age(page)
    price = page.locator("main p.price").first
    assert price.locator("del").count() == 0
    assert price.locator("strong.price-final").is_visible()
