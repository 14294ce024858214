"""Listings in the portal: create and edit, bad input, review and revision flow, price and stock, archive."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from ocop_shop.catalog import review, revisions, services
from ocop_shop.catalog.models import PriceChange, Product, ProductRevision
from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer

from .conftest import csrf_from, post_form

FORM = {
    "name_vi": "Miến dong Phja Đén", "category_id": "", "unit_vi": "gói", "net_quantity": "500 g",
    "weight_grams": "550", "price": "85.000", "stock": "40", "abv": "", "shelf_life_days": "365",
    "food_safety_number": "01/2024/TCB", "description_vi": "Miến dong làm thủ công.", "ingredients_vi": "Bột dong riềng",
    "usage_vi": "Ngâm nước 5 phút.", "storage_vi": "Nơi khô ráo.", "name_en": "Phja Den arrowroot noodles",
    "unit_en": "pack", "description_en": "", "ingredients_en": "", "usage_en": "", "storage_en": "",
}


@pytest.fixture
def member(make_producer, make_user, login_as):
    producer = make_producer(name="HTX Phja Đén")
    user = make_user(role="producer", producer=producer)
    login_as(user)
    return user


def _own(factories, member, **fields) -> Product:
    """A product of the signed-in member's producer."""
    return factories.product(producer=db.session.get(Producer, member.producer_id), **fields)


def _form(factories, **changes):
    return {**FORM, "category_id": str(factories.category("mien-bun").id), **changes}


def _product(name="Miến dong Phja Đén") -> Product:
    """The product with this Vietnamese name, freshly read."""
    db.session.expire_all()
    return next(p for p in db.session.scalars(select(Product)) if p.name == name)


def test_a_new_product_is_a_draft_then_waits_for_review_then_is_public_only_after_publish(client, member, factories):
    response = post_form(client, "/vi/producer/products/new", _form(factories))
    assert response.status_code == 302
    product = _product()
    assert product.status == "draft" and product.price == 85_000 and product.stock == 40
    assert product.content["en"]["name"] == "Phja Den arrowroot noodles"
    assert product.weight_grams == 550 and product.shelf_life_days == 365
    page = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "đã được lưu ở dạng nháp" in page
    assert client.get(f"/vi/products/{product.slug}").status_code == 404

    done = post_form(client, f"/vi/producer/products/{product.id}", {}, post_url=f"/vi/producer/products/{product.id}/submit",
                     follow_redirects=True)
    assert "đã được gửi tới Văn phòng OCOP" in done.get_data(as_text=True)
    assert _product().status == "pending_review"
    assert client.get(f"/vi/products/{product.slug}").status_code == 404

    review.publish(_product(), None)
    db.session.commit()
    assert client.get(f"/vi/products/{product.slug}").status_code == 200
    dashboard = client.get("/vi/producer/").get_data(as_text=True)
    assert "đã được đăng bán" in dashboard  # notification


@pytest.mark.parametrize("changes, field, message", [
    ({"name_vi": ""}, "name_vi", "Vui lòng nhập tên bằng tiếng Việt."),
    ({"price": "-5000"}, "price", "Không được là số âm."),
    ({"price": "999.999.999.999"}, "price", "Giá phải từ 1.000 đ đến 200.000.000 đ."),
    ({"price": "abc"}, "price", "Vui lòng nhập số nguyên"),
    ({"stock": "-1"}, "stock", "Không được là số âm."),
    ({"stock": "10000000"}, "stock", "Số lượng trong kho phải từ 0 đến 100.000."),
    ({"weight_grams": "0"}, "weight_grams", "Khối lượng phải từ 1 đến 50.000 gam."),
    ({"description_vi": "x" * 4001}, "description_vi", "Tối đa 4000 ký tự."),
    ({"name_vi": "x" * 121}, "name_vi", "Tối đa 120 ký tự."),
    ({"abv": "40"}, "abv", "Chỉ đồ uống mới có độ cồn."),
    ({"abv": "140"}, "abv", "phần trăm từ 0 đến 100"),
])
def test_bad_input_gives_field_errors_and_keeps_what_was_typed(client, member, factories, changes, field, message):
    response = post_form(client, "/vi/producer/products/new", _form(factories, **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    assert f'id="{field}-error"' in html
    assert "Ngâm nước 5 phút." in html and 'value="01/2024/TCB"' in html  # nothing lost
    typed = changes[field]
    if len(typed) < 50:
        assert f'value="{typed}"' in html or f">{typed}<" in html
    assert db.session.scalar(select(Product)) is None


def test_price_typed_the_vietnamese_way_is_understood(client, member, factories):
    post_form(client, "/vi/producer/products/new", _form(factories, price="1.250.000 đ", stock="1.200"))
    product = _product()
    assert product.price == 1_250_000 and product.stock == 1200


def test_price_and_stock_change_at_once_on_a_published_product_with_history(client, member, factories):
    product = _own(factories, member, name="Hạt dẻ", price=100_000)
    db.session.add(PriceChange(product_id=product.id, price=100_000))
    db.session.commit()
    response = post_form(client, f"/vi/producer/products/{product.id}",
                         {"price": "120.000", "stock": "3", "stock_seen": str(product.stock)},
                         post_url=f"/vi/producer/products/{product.id}/price-stock", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Khách hàng thấy ngay" in html
    product = db.session.get(Product, product.id)
    db.session.refresh(product)
    assert product.price == 120_000 and product.stock == 3 and product.status == "published"
    prices = [c.price for c in db.session.scalars(select(PriceChange).where(PriceChange.product_id == product.id)
                                                  .order_by(PriceChange.id))]
    assert prices == [100_000, 120_000]
    assert "Lịch sử giá" in html
    public = client.get(f"/vi/products/{product.slug}").get_data(as_text=True)
    assert "120.000" in public


def test_absurd_price_on_the_quick_form_changes_nothing(client, member, factories):
    product = _own(factories, member, name="Hạt dẻ", price=100_000)
    db.session.commit()
    response = post_form(client, f"/vi/producer/products/{product.id}",
                         {"price": "-1", "stock": "5"}, post_url=f"/vi/producer/products/{product.id}/price-stock")
    assert response.status_code == 400
    assert "Không được là số âm." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).price == 100_000


def test_text_changes_to_a_published_product_wait_as_a_revision(client, member, factories):
    product = _own(factories, member, name="Hạt dẻ Trùng Khánh", price=100_000,
                                content={"vi": {"name": "Hạt dẻ Trùng Khánh", "description": "Bản đã duyệt.", "unit": "kg"}})
    db.session.commit()
    slug = product.slug
    response = post_form(client, f"/vi/producer/products/{product.id}",
                         _form(factories, name_vi="Hạt dẻ Trùng Khánh", description_vi="Bản mới chờ duyệt.", unit_vi="kg"),
                         follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "đã được gửi tới Văn phòng" in html and "Bản mới chờ duyệt." in html
    public = client.get(f"/vi/products/{slug}").get_data(as_text=True)
    assert "Bản đã duyệt." in public and "Bản mới chờ duyệt." not in public
    revision = db.session.scalar(select(ProductRevision))
    assert revision.status == "pending_review"

    # Sent back: the reason on top, the public page unchanged.
    review.reject_changes(revision, "Ảnh mờ, xin chụp lại", None)
    db.session.commit()
    html = client.get(f"/vi/producer/products/{product.id}").get_data(as_text=True)
    assert html.index("Ảnh mờ, xin chụp lại") < html.index("Giá và số lượng")
    # Editing again sends it again; approval makes it public.
    post_form(client, f"/vi/producer/products/{product.id}",
              _form(factories, name_vi="Hạt dẻ Trùng Khánh", description_vi="Bản sửa lần hai.", unit_vi="kg"))
    db.session.expire_all()
    revision = db.session.scalar(select(ProductRevision).where(ProductRevision.status == "pending_review"))
    review.approve_changes(revision, None)
    db.session.commit()
    public = client.get(f"/vi/products/{slug}").get_data(as_text=True)
    assert "Bản sửa lần hai." in public


def test_saving_a_published_product_unchanged_makes_no_revision(client, member, factories):
    product = _own(factories, member, name="Mật ong", content={"vi": {"name": "Mật ong", "unit": "chai"}}, weight_grams=550,
                                category="mien-bun")
    db.session.commit()
    response = post_form(client, f"/vi/producer/products/{product.id}",
                         {**{k: "" for k in FORM}, "name_vi": "Mật ong", "unit_vi": "chai", "weight_grams": "550",
                          "category_id": str(factories.category("mien-bun").id)}, follow_redirects=True)
    assert "Không có gì thay đổi." in response.get_data(as_text=True)
    assert db.session.scalar(select(ProductRevision)) is None


def test_sent_back_product_is_a_draft_with_the_reason_on_top(client, member, factories):
    product = _own(factories, member, name="Trà", status="pending_review")
    review.send_back(product, "Thiếu số tự công bố an toàn thực phẩm", None)
    db.session.commit()
    assert db.session.get(Product, product.id).status == "draft"
    html = client.get(f"/vi/producer/products/{product.id}").get_data(as_text=True)
    assert "Văn phòng đã trả lại sản phẩm này." in html
    assert html.index("Thiếu số tự công bố") < html.index('id="price-stock-title"')
    with pytest.raises(services.CatalogError):
        review.send_back(product, "", None)


def test_drink_of_5_5_percent_needs_a_licence_before_review(client, member, factories):
    product = _own(factories, member, name="Rượu ngô", status="draft", abv=39.5, category="ruou")
    db.session.commit()
    done = post_form(client, f"/vi/producer/products/{product.id}", {},
                     post_url=f"/vi/producer/products/{product.id}/submit", follow_redirects=True)
    assert "giấy phép sản xuất rượu" in done.get_data(as_text=True)
    assert db.session.get(Product, product.id).status == "draft"


def test_archive_needs_a_confirm_and_keeps_the_row(client, member, factories):
    product = _own(factories, member, name="Khăn thổ cẩm")
    product.published_at = product.created_at
    db.session.commit()
    confirm = client.get(f"/vi/producer/products/{product.id}/archive")
    assert "Có, lưu trữ" in confirm.get_data(as_text=True)
    assert db.session.get(Product, product.id).status == "published"
    done = post_form(client, f"/vi/producer/products/{product.id}/archive", {}, follow_redirects=True)
    assert "đã được lưu trữ" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "archived"
    assert client.get(f"/vi/products/{product.slug}").status_code == 404
    # A product that was on sale cannot be deleted.
    refused = client.get(f"/vi/producer/products/{product.id}/delete", follow_redirects=True)
    assert "không thể xóa" in refused.get_data(as_text=True)
    assert db.session.get(Product, product.id) is not None
    post_form(client, f"/vi/producer/products/{product.id}", {}, post_url=f"/vi/producer/products/{product.id}/restore")
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "draft"


def test_a_draft_never_on_sale_can_be_deleted_after_confirming(client, member, factories):
    product = _own(factories, member, name="Nháp", status="draft")
    db.session.commit()
    product_id = product.id
    assert "Có, xóa" in client.get(f"/vi/producer/products/{product_id}/delete").get_data(as_text=True)
    done = post_form(client, f"/vi/producer/products/{product_id}/delete", {}, follow_redirects=True)
    assert "đã được xóa" in done.get_data(as_text=True)
    db.session.expunge_all()
    assert db.session.get(Product, product_id) is None


def test_discarding_waiting_changes(client, member, factories):
    product = _own(factories, member, name="Miến", content={"vi": {"name": "Miến", "unit": "gói"}})
    db.session.flush()
    db.session.refresh(product, ["images"])
    revisions.edit(product, {"vi": {"name": "Miến mới", "unit": "gói"}}, factories.category(), weight_grams=500)
    db.session.commit()
    assert "Có, bỏ các thay đổi" in client.get(f"/vi/producer/products/{product.id}/changes/discard").get_data(as_text=True)
    done = post_form(client, f"/vi/producer/products/{product.id}/changes/discard", {}, follow_redirects=True)
    assert "đã được bỏ" in done.get_data(as_text=True)
    assert db.session.scalar(select(ProductRevision)).status == "discarded"


def test_products_page_lists_by_status_with_quick_price_and_stock(client, member, factories):
    for status in ("draft", "published", "archived"):
        product = _own(factories, member, name=f"SP {status}", status=status)
    db.session.commit()
    html = client.get("/vi/producer/products").get_data(as_text=True)
    assert "Bản nháp" in html and "Đang bán" in html and "Đã lưu trữ" in html
    assert html.count('name="from" value="list"') == 2  # not for the archived one


def test_english_portal_pages_are_in_english(client, member, factories):
    html = client.get("/en/producer/products/new").get_data(as_text=True)
    assert "Add a product" in html and "Name in Vietnamese" in html


def test_a_homestay_lists_a_new_experience_describes_it_then_sends_it_for_review(client, member, factories):
    """Group 6 is booked, never shipped: no weight is asked, and its details come before review."""
    stay = {**FORM, "name_vi": "Homestay nhà sàn Nà Pò", "category_id": str(factories.category("du-lich").id),
            "unit_vi": "khách/đêm", "weight_grams": "", "net_quantity": "", "shelf_life_days": "",
            "food_safety_number": "", "price": "300.000", "stock": "20", "ingredients_vi": "", "storage_vi": ""}
    db.session.commit()
    created = post_form(client, "/vi/producer/products/new", stay)
    assert created.status_code == 302
    product = _product("Homestay nhà sàn Nà Pò")
    assert created.headers["Location"].endswith(f"/vi/producer/products/{product.id}/experience")
    assert product.status == "draft" and product.weight_grams == 0
    edit = f"/vi/producer/products/{product.id}"
    refused = post_form(client, edit, {}, post_url=f"{edit}/submit", follow_redirects=True)
    assert "Trải nghiệm này chưa có thông tin" in refused.get_data(as_text=True)
    assert _product("Homestay nhà sàn Nà Pò").status == "draft"
    described = post_form(client, f"{edit}/experience", {"includes_vi": "Nhà sàn, bữa tối, bữa sáng",
                                                         "duration_vi": "1 đêm", "max_party": "12"})
    assert described.status_code == 302
    post_form(client, edit, {}, post_url=f"{edit}/submit")
    assert _product("Homestay nhà sàn Nà Pò").status == "pending_review"


def test_parcels_still_need_their_weight(client, member, factories):
    response = post_form(client, "/vi/producer/products/new", _form(factories, weight_grams=""))
    assert response.status_code == 200 and 'id="weight_grams-error"' in response.get_data(as_text=True)
    assert not db.session.scalars(select(Product)).all()


def test_the_office_cannot_publish_an_experience_without_its_details(app, factories):
    product = factories.product(category="du-lich", status="pending_review", name="Homestay thử")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["products", "publish", product.slug])
    assert result.exit_code != 0 and "Trải nghiệm này chưa có thông tin" in result.output
    db.session.expire_all()
    assert db.session.get(Product, product.id).status == "pending_review"


def _sell(product_id: int, units: int) -> None:
    """Units sold by someone else since the form was opened (as placing an order does)."""
    from ocop_shop.orders import stock

    assert stock.take_all({product_id: units}) is None
    db.session.commit()


def test_a_stale_stock_form_cannot_put_sold_units_back_on_sale(client, member, factories):
    product = _own(factories, member, name="Hạt dẻ", price=100_000)
    product.stock = 10
    db.session.commit()
    page = client.get(f"/vi/producer/products/{product.id}").get_data(as_text=True)
    assert 'name="stock_seen" type="hidden" value="10"' in page or 'value="10"' in page
    _sell(product.id, 3)
    response = client.post(f"/vi/producer/products/{product.id}/price-stock", data={
        "csrf_token": csrf_from(page), "price": "100.000", "stock": "10", "stock_seen": "10"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "hiện còn 7" in html
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock == 7
    # The form now shows 7 and carries it: saving again (a real change) goes through.
    again = client.post(f"/vi/producer/products/{product.id}/price-stock", data={
        "csrf_token": csrf_from(html), "price": "100.000", "stock": "20", "stock_seen": "7"})
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock == 20


def test_the_quick_form_on_the_list_is_guarded_too(client, member, factories):
    product = _own(factories, member, name="Miến dong", price=50_000)
    product.stock = 5
    db.session.commit()
    page = client.get("/vi/producer/products").get_data(as_text=True)
    assert f'name="p{product.id}-stock_seen" value="5"' in page
    _sell(product.id, 5)
    response = client.post(f"/vi/producer/products/{product.id}/price-stock", follow_redirects=True, data={
        "csrf_token": csrf_from(page), "from": "list", f"p{product.id}-price": "50.000",
        f"p{product.id}-stock": "5", f"p{product.id}-stock_seen": "5"})
    assert "hiện còn 0" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock == 0


def test_a_stock_form_without_what_it_showed_is_refused(client, member, factories):
    product = _own(factories, member, name="Hạt dẻ", price=100_000)
    product.stock = 4
    db.session.commit()
    response = post_form(client, f"/vi/producer/products/{product.id}", {"price": "100.000", "stock": "40"},
                         post_url=f"/vi/producer/products/{product.id}/price-stock")
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Product, product.id).stock == 4
