"""A guest buys at phone width: chestnuts by cash on delivery, then corn liquor by bank transfer."""
import re

from ocop_shop.extensions import db
from ocop_shop.orders.shipping import ensure_default_rules
from ocop_shop.seed import seed_demo

CHESTNUTS = "hat-de-trung-khanh-tui-1-kg"
LIQUOR = "ruou-ngo-cai-van-chai-500-ml"


def _seed():
    seed_demo()
    ensure_default_rules()
    db.session.commit()


def _delivery(page):
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Email").fill("lan@example.com")
    page.get_by_label("Tỉnh/thành phố").select_option(label="Cao Bằng")
    page.wait_for_load_state()
    page.get_by_label("Phường/xã").select_option(label="Xã Trùng Khánh")
    page.get_by_label("Số nhà, đường, thôn/xóm").fill("Xóm Nà Ngần")


def _no_horizontal_scroll(page):
    page.wait_for_load_state("load")  # measure the page once its stylesheet applies
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_guest_buys_chestnuts_cod_then_liquor_by_transfer(app, live_server, page):
    _seed()
    # 1. Hạt dẻ Trùng Khánh, cash on delivery.
    page.goto(f"{live_server}/vi/products/{CHESTNUTS}")
    page.get_by_label("Số lượng").fill("2")
    page.get_by_role("button", name="Thêm vào giỏ hàng").click()
    assert page.url.endswith("/vi/cart"), (page.url, page.locator(".flashes").all_inner_texts())
    assert page.get_by_role("link", name="Hạt dẻ Trùng Khánh – túi 1 kg").is_visible()
    _no_horizontal_scroll(page)
    page.get_by_role("link", name="Tiến hành đặt hàng").click()
    _delivery(page)
    page.get_by_label("Thanh toán khi nhận hàng (COD)").check()
    page.get_by_role("button", name="Tiếp tục để xem lại").click()
    assert "Xem lại đơn hàng" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Đặt hàng").click()
    assert re.search(r"/vi/orders/[A-Z0-9]{9}\?t=", page.url)
    assert "Thanh toán khi nhận hàng" in page.content()
    _no_horizontal_scroll(page)

    # 2. Rượu ngô Cải Vân: the age gate, then bank transfer (cash on delivery not offered).
    page.goto(f"{live_server}/vi/products/{LIQUOR}")
    _declare_age(page)
    page.get_by_role("button", name="Thêm vào giỏ hàng").click()
    page.goto(f"{live_server}/vi/checkout")
    assert page.get_by_label("Thanh toán khi nhận hàng (COD)").count() == 0
    assert page.get_by_text("Không áp dụng thanh toán khi nhận hàng").is_visible()
    _delivery(page)
    page.get_by_label("Tôi xác nhận mình đủ 18 tuổi trở lên (bắt buộc khi mua rượu).").check()
    page.get_by_label("Chuyển khoản ngân hàng (VietQR)").check()
    page.get_by_role("button", name="Tiếp tục để xem lại").click()
    page.get_by_role("button", name="Đặt hàng").click()
    assert "Thanh toán bằng chuyển khoản" in page.get_by_role("heading", name="Thanh toán bằng chuyển khoản").inner_text()
    qr = page.locator("figure.qr svg")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 150
    number = re.search(r"/vi/orders/([A-Z0-9]{9})", page.url).group(1)
    assert page.locator("output.copyable", has_text=number).is_visible()
    assert page.get_by_text("Người mua đã xác nhận đủ 18 tuổi trở lên.").is_visible()
    _no_horizontal_scroll(page)


def _declare_age(page):
    """The catalog's age gate asks for a name and an age before showing the liquor."""
    page.get_by_label("Họ và tên của bạn").fill("Nguyễn Thị Lan")
    page.get_by_label("Tuổi của bạn").fill("30")
    page.get_by_role("button", name="Xác nhận và tiếp tục").click()
    page.wait_for_load_state()
