"""Checkout over HTTP: address without JavaScript, errors kept, liquor rules, review, place once, order links."""
import re

import pytest
from sqlalchemy import func, select

from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.orders.models import Order

from .conftest import csrf_from, post_form

TOKEN_PAGE = "/vi/account/login"
CAO_BANG, WARD = 4, 1279  # Phường Nùng Trí Cao
FORM = {"contact_name": "Nguyễn Thị Lan", "phone": "0912 345 678", "email": "lan@test.example",
        "province": str(CAO_BANG), "ward": str(WARD), "street": "Số 8 phố Kim Đồng", "note": "",
        "payment_method": "cod", "action": "continue"}


@pytest.fixture(autouse=True)
def _rules(factories):
    factories.shipping_rules()
    db.session.commit()


def add(client, product, quantity=1):
    post_form(client, TOKEN_PAGE, {"product_id": product.id, "quantity": str(quantity)}, post_url="/vi/cart/add")


def details(client, lang="vi", **changes):
    return post_form(client, f"/{lang}/checkout", {**FORM, **changes})


def place(client, lang="vi", **extra):
    review = client.get(f"/{lang}/checkout/review").get_data(as_text=True)
    token = re.search(r'name="checkout_token"[^>]*value="([^"]+)"', review).group(1)
    seen = re.search(r'name="prices_seen"[^>]*value="([^"]+)"', review).group(1)
    data = {"csrf_token": csrf_from(review), "checkout_token": token, "prices_seen": seen, **extra}
    return client.post(f"/{lang}/checkout/place", data=data), data


def orders():
    db.session.expire_all()
    return db.session.scalars(select(Order)).all()


def test_guest_checkout_with_cash_on_delivery(client, make_product):
    product = make_product(name="Hạt dẻ Trùng Khánh", price=120_000, stock=5)
    db.session.commit()
    add(client, product, 2)
    assert details(client).headers["Location"].endswith("/vi/checkout/review")
    review = client.get("/vi/checkout/review").get_data(as_text=True)
    assert "Hạt dẻ Trùng Khánh" in review and "260.000\u00a0₫" in review and "Phường Nùng Trí Cao" in review
    response, _ = place(client)
    [order] = orders()
    assert response.headers["Location"] == f"/vi/orders/{order.number}?t={order.access_token}"
    assert (order.payment_method, order.payment_status, order.total) == ("cod", "unpaid", 260_000)
    assert order.phone == "+84912345678" and order.locale == "vi"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert order.number in page and "••• ••• 678" in page and "Số 8 phố Kim Đồng" not in page
    assert db.session.scalar(select(OutboxEmail.to)) == "lan@test.example"
    assert client.get("/vi/cart").get_data(as_text=True).count("cart-line-name") == 0


def test_choosing_a_province_reloads_the_form_with_its_wards_keeping_what_was_typed(client, make_product):
    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    response = details(client, action="choose_province", ward="", street="", province="79")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Nguyễn Thị Lan"' in page and "0912 345 678" in page
    assert "Phường Sài Gòn" in page and "Phường Nùng Trí Cao" not in page
    assert "field-error" not in page  # not validated yet


def test_errors_are_shown_next_to_the_fields_and_nothing_typed_is_lost(client, make_product):
    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    response = details(client, phone="12", email="not-an-email", street="")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('class="field-error"') == 3
    assert 'value="Nguyễn Thị Lan"' in page and 'value="12"' in page
    assert "số điện thoại hợp lệ" in page


def test_a_ward_of_another_province_is_refused(client, make_product):
    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    page = details(client, province="1").get_data(as_text=True)
    assert "phường/xã thuộc tỉnh" in page


def test_liquor_needs_the_age_declaration_and_never_offers_cash_on_delivery(client, make_product):
    liquor = make_product(name="Rượu ngô Cải Vân", category="ruou", abv=35, price=150_000, stock=5)
    db.session.commit()
    with client.session_transaction() as session:
        session["age_declared"] = True
    add(client, liquor)
    page = client.get("/vi/checkout").get_data(as_text=True)
    assert 'value="cod"' not in page and 'value="bank_transfer"' in page
    forged = details(client, payment_method="cod", age_declared="y").get_data(as_text=True)
    assert "phương thức thanh toán" in forged.lower()
    no_age = details(client, payment_method="bank_transfer").get_data(as_text=True)
    assert "18 tuổi" in no_age
    assert details(client, payment_method="bank_transfer", age_declared="y").status_code == 302
    place(client)
    [order] = orders()
    assert order.payment_method == "bank_transfer" and order.age_declared_at is not None


def test_forged_cod_in_the_session_is_still_refused_at_placing(client, make_product):
    liquor = make_product(category="ruou", abv=35, stock=5)
    db.session.commit()
    add(client, liquor)
    details(client, payment_method="bank_transfer", age_declared="y")
    with client.session_transaction() as session:
        session["checkout"] = {**session["checkout"], "payment_method": "cod"}
    response = client.get("/vi/checkout/review")
    assert response.status_code == 302 and orders() == []


def test_double_click_places_one_order(client, make_product):
    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    details(client)
    first, data = place(client)
    second = client.post("/vi/checkout/place", data=data)
    assert len(orders()) == 1
    assert second.status_code == 302 and second.headers["Location"] == first.headers["Location"]


def test_price_and_total_fields_added_to_the_forms_are_ignored(client, make_product):
    product = make_product(price=100_000, stock=5)
    db.session.commit()
    add(client, product)
    details(client, total="1", price="1", shipping="0", subtotal="1")
    place(client, total="1", unit_price="1", shipping="0")
    [order] = orders()
    assert order.total == 120_000


def test_missing_csrf_on_place_changes_nothing(client, make_product):
    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    details(client)
    response = client.post("/vi/checkout/place", data={"checkout_token": "x"})
    assert response.status_code == 400 and orders() == []


def test_order_links_foreign_or_wrong_are_a_clear_404(client, make_product, factories):
    order = factories.order((make_product(), 1))
    db.session.commit()
    wrong = client.get(f"/vi/orders/{order.number}?t=wrong")
    assert wrong.status_code == 404 and "Không tìm thấy đơn hàng" in wrong.get_data(as_text=True)
    assert client.get(f"/vi/orders/{order.number}").status_code == 404
    assert client.get("/vi/orders/NOPE?t=x").status_code == 404
    assert client.get(f"/en/orders/{order.number}?t={order.access_token}").status_code == 200


def test_an_expired_order_link_says_so(client, make_product, factories):
    from datetime import timedelta

    order = factories.order((make_product(), 1))
    order.placed_at = order.placed_at - timedelta(days=400)
    db.session.commit()
    response = client.get(f"/vi/orders/{order.number}?t={order.access_token}")
    assert response.status_code == 410 and "hết hạn" in response.get_data(as_text=True)


def test_signed_in_customers_see_their_history_and_only_theirs(client, login_as, make_product, factories):
    user = login_as("customer")
    mine = factories.order((make_product(), 1), user=user)
    other = factories.order((make_product(), 1), user=factories.user())
    db.session.commit()
    history = client.get("/vi/account/orders").get_data(as_text=True)
    assert mine.number in history and other.number not in history
    page = client.get(f"/vi/orders/{mine.number}").get_data(as_text=True)
    assert "Số 8 phố Kim Đồng" in page  # the owner sees the full address
    assert client.get(f"/vi/orders/{other.number}").status_code == 404


def test_customer_cancels_from_the_secret_link(client, make_product, factories):
    product = make_product(stock=3)
    order = factories.order((product, 2))
    db.session.commit()
    page = client.get(f"/vi/orders/{order.number}?t={order.access_token}").get_data(as_text=True)
    response = client.post(f"/vi/orders/{order.number}/cancel", data={"csrf_token": csrf_from(page), "t": order.access_token})
    assert response.status_code == 302
    [order] = orders()
    assert order.status == "cancelled"
    db.session.expire_all()
    assert product.stock == 3


def test_english_checkout_says_vietnam_only(client, make_product):
    product = make_product(stock=5)
    db.session.commit()
    post_form(client, "/en/account/login", {"product_id": product.id, "quantity": "1"}, post_url="/en/cart/add")
    page = client.get("/en/checkout").get_data(as_text=True)
    assert "We ship to addresses in Việt Nam only" in page
    assert db.session.scalar(select(func.count()).select_from(Order)) == 0
