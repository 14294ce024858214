"""The producer portal at phone width: producer@example.com signs in, adds a product with a photo,
updates its stock and marks a parcel shipped."""
from __future__ import annotations

import re

from PIL import Image
from sqlalchemy import select

from ocop_shop.catalog.models import Product, ProductImage
from ocop_shop.extensions import db
from ocop_shop.orders import fulfilment, services as order_services
from ocop_shop.orders.models import Fulfilment
from ocop_shop.orders.shipping import ensure_default_rules
from ocop_shop.seed import seed_demo

from ..factories import Factories

LIQUOR = "ruou-ngo-cai-van-chai-500-ml"


def _no_horizontal_scroll(page):
    page.wait_for_load_state("load")  # a page still loading (stylesheet not applied yet) is not measured
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def _paid_accepted_parcel() -> tuple[str, int]:
    """An order of Cải Vân liquor, paid by transfer, accepted by the producer: ready to ship."""
    product = db.session.scalar(select(Product).where(Product.slug == LIQUOR))
    order = Factories().order((product, 1), payment_method="bank_transfer")
    order_services.set_payment_status(order, "paid")
    parcel = db.session.scalar(select(Fulfilment).where(Fulfilment.order_id == order.id))
    fulfilment.accept(parcel)
    db.session.commit()
    return order.number, parcel.id


def test_producer_adds_a_product_with_a_photo_updates_stock_and_ships_a_parcel(app, live_server, page, tmp_path):
    seed_demo()
    ensure_default_rules()
    db.session.commit()
    number, parcel_id = _paid_accepted_parcel()
    photo = tmp_path / "chai-300ml.jpg"
    Image.new("RGB", (900, 1200), (150, 90, 40)).save(photo, "JPEG")

    page.goto(f"{live_server}/vi/account/login")
    page.get_by_label("Email hoặc số điện thoại").fill("producer@example.com")
    page.get_by_label("Mật khẩu").fill("ocop-demo-pass")
    with page.expect_navigation():  # let the sign-in finish before going on
        page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server}/vi/producer/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Xin chào")
    _no_horizontal_scroll(page)

    # Add a product with a photo.
    page.get_by_role("navigation", name="Trang cơ sở sản xuất").get_by_role("link", name="Sản phẩm").click()
    page.get_by_role("link", name="Thêm sản phẩm").click()
    _no_horizontal_scroll(page)
    page.get_by_label("Tên tiếng Việt").fill("Rượu ngô Cải Vân – chai 300 ml")
    page.get_by_label("Nhóm sản phẩm").select_option(label="— Rượu")
    page.get_by_label("Đơn vị bán (chai, gói, kg…)").fill("chai")
    page.get_by_label("Giá (đồng)").fill("90.000")
    page.get_by_label("Số lượng trong kho").fill("20")
    page.get_by_label("Ảnh đầu tiên").set_input_files(str(photo))
    page.get_by_label("Khối lượng cả bao bì").fill("600")
    page.get_by_label("Độ cồn").fill("35")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bản nháp").click()
    assert "đã được lưu ở dạng nháp" in page.get_by_role("status").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "Rượu ngô Cải Vân – chai 300 ml"
    assert page.locator(".thumb-row img").count() == 1
    _no_horizontal_scroll(page)

    # Update the stock.
    page.get_by_label("Số lượng trong kho").fill("35")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu giá và số lượng").click()
    assert "còn 35 trong kho" in page.get_by_role("status").inner_text()

    # Mark the parcel shipped.
    page.get_by_role("navigation", name="Trang cơ sở sản xuất").get_by_role("link", name="Đơn hàng").click()
    page.get_by_role("link", name=re.compile("Cần gửi")).click()
    page.get_by_role("link", name=re.compile(f"Đơn hàng {number}")).click()
    _no_horizontal_scroll(page)
    page.get_by_label("Đơn vị vận chuyển").fill("Viettel Post")
    page.get_by_label("Mã vận đơn").fill("VTP 555 0001")
    with page.expect_navigation():
        page.get_by_role("button", name="Đã gửi hàng").click()
    assert "Đã ghi nhận gửi hàng qua Viettel Post" in page.get_by_role("status").inner_text()
    _no_horizontal_scroll(page)

    db.session.expire_all()
    product = next(p for p in db.session.scalars(select(Product)) if p.name == "Rượu ngô Cải Vân – chai 300 ml")
    assert product.status == "draft" and product.stock == 35 and product.price == 90_000 and product.abv == 35
    assert db.session.scalar(select(ProductImage).where(ProductImage.product_id == product.id)) is not None
    parcel = db.session.get(Fulfilment, parcel_id)
    assert parcel.status == "shipped" and parcel.tracking_number == "VTP 555 0001"
