"""Discount codes in the cart and at checkout, through the real routes with CSRF; the price charged is the
price at placing (the review is shown again when it changed)."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from ocop_shop.cart.models import Cart
from ocop_shop.extensions import db
from ocop_shop.orders import services as orders_services
from ocop_shop.orders.models import Order, OrderLine
from ocop_shop.promotions.models import Campaign, Coupon, CouponRedemption

from .conftest import csrf_from, post_form

TOKEN_PAGE = "/vi/account/login"
ADDRESS = {"contact_name": "Nông Thị Hoa", "phone": "0912 345 678", "email": "hoa@test.example",
           "province": "4", "ward": "1279", "street": "Số 3 phố Vườn Cam", "note": "",
           "payment_method": "bank_transfer", "action": "continue"}
NOW = datetime.now(timezone.utc)


@pytest.fixture(autouse=True)
def _rules(factories):
    factories.shipping_rules()
    db.session.commit()


@pytest.fixture
def chestnuts(make_product):
    product = make_product(name="Hạt dẻ Trùng Khánh", price=200_000, stock=50)
    db.session.commit()
    return product


def coupon_campaign(factories, *products, percent=20, **coupon):
    campaign = factories.campaign(*products, percent=percent, coupon={"code": "TET2027", **coupon})
    db.session.commit()
    return campaign


def add(client, product, quantity=1, lang="vi"):
    post_form(client, TOKEN_PAGE, {"product_id": product.id, "quantity": str(quantity)}, post_url=f"/{lang}/cart/add")


def enter(client, code, lang="vi"):
    return post_form(client, TOKEN_PAGE, {"code": code}, post_url=f"/{lang}/cart/coupon")


def cart_page(client, lang="vi") -> str:
    return client.get(f"/{lang}/cart").get_data(as_text=True)


def to_review(client, **changes) -> str:
    response = post_form(client, "/vi/checkout", {**ADDRESS, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client.get("/vi/checkout/review").get_data(as_text=True)


def place_from(client, review: str):
    fields = dict(re.findall(r'name="(checkout_token|prices_seen)" type="hidden" value="([^"]*)"', review))
    return client.post("/vi/checkout/place", data={"csrf_token": csrf_from(review), **fields})


def all_orders() -> list[Order]:
    db.session.expire_all()
    return db.session.scalars(select(Order).order_by(Order.id)).all()


def coupon_row() -> Coupon:
    db.session.expire_all()
    return db.session.scalar(select(Coupon))


def stored_code(client) -> str | None:
    db.session.expire_all()
    return db.session.scalar(select(Cart.coupon_code))


# -- entering a code -----------------------------------------------------------------------


def test_a_code_is_found_whatever_its_case_and_spaces_and_shows_the_discount_per_line(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts)
    add(client, chestnuts, 2)
    response = enter(client, "  tet 2027 ")
    assert response.status_code == 302 and stored_code(client) == "TET2027"
    page = cart_page(client)
    assert "Đã áp dụng mã TET2027" in page and "đã áp dụng" in page
    assert "<del>200.000\u00a0₫</del>" in page and "160.000\u00a0₫" in page and "−40.000\u00a0₫" in page
    assert "Mã giảm giá TET2027" in page  # the line says which promotion lowered it
    assert "320.000\u00a0₫" in page  # two units at the coupon price
    english = cart_page(client, "en")
    assert "Discount code TET2027" in english and "applied" in english


def test_an_unknown_code_is_refused_next_to_the_field_keeping_what_was_typed(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts)
    add(client, chestnuts)
    response = enter(client, "TET2O27")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'class="field-error"' in page and "Không có mã TET2O27" in page and 'value="TET2O27"' in page
    assert stored_code(client) is None
    english = enter(client, "NOPE", lang="en").get_data(as_text=True)
    assert "We do not know the code NOPE" in english


def test_a_code_before_its_start_is_kept_and_says_when_it_opens(client, factories, chestnuts):
    start = datetime(2027, 1, 20, 1, 0, tzinfo=timezone.utc)  # 08:00 in Cao Bằng
    factories.campaign(chestnuts, percent=20, coupon="TET2027", starts_at=NOW - timedelta(days=1),
                       ends_at=start + timedelta(days=30))
    db.session.execute(update(Coupon).values(valid_from=start))
    db.session.commit()
    add(client, chestnuts)
    enter(client, "tet2027")
    page = cart_page(client)
    assert stored_code(client) == "TET2027"
    assert "Mã TET2027 được dùng từ 08:00 ngày 20 tháng 1, 2027." in page
    assert "The code TET2027 can be used from 08:00 on January 20, 2027." in cart_page(client, "en")
    assert "<del>" not in page


def test_an_ended_code_is_refused(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts, valid_until=NOW - timedelta(minutes=1))
    add(client, chestnuts)
    page = enter(client, "TET2027").get_data(as_text=True)
    assert "Mã TET2027 đã hết hạn." in page and stored_code(client) is None


def test_a_used_up_code_is_refused(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts, total_cap=5, used=5)
    add(client, chestnuts)
    page = enter(client, "TET2027").get_data(as_text=True)
    assert "Mã TET2027 đã hết lượt dùng." in page and stored_code(client) is None


def test_a_paused_campaigns_code_is_kept_and_says_so(client, factories, chestnuts):
    campaign = coupon_campaign(factories, chestnuts)
    campaign.status = "paused"
    db.session.commit()
    add(client, chestnuts)
    enter(client, "TET2027")
    page = cart_page(client)
    assert "Chương trình khuyến mại của mã TET2027 đang tạm dừng." in page and "<del>" not in page


def test_a_code_for_nothing_in_the_cart_is_kept_and_applies_once_its_product_is_added(client, factories, make_product,
                                                                                     chestnuts):
    coupon_campaign(factories, chestnuts)
    tea = make_product(name="Trà giảo cổ lam", price=90_000, stock=5)
    db.session.commit()
    add(client, tea)
    enter(client, "TET2027")
    page = cart_page(client)
    assert "Mã TET2027 không giảm giá sản phẩm nào trong giỏ hàng của bạn." in page and "<del>" not in page
    add(client, chestnuts)
    page = cart_page(client)
    assert "<del>200.000\u00a0₫</del>" in page and "không giảm giá" not in page


def test_a_draft_campaigns_code_is_unknown(client, factories, chestnuts):
    campaign = coupon_campaign(factories, chestnuts)
    campaign.status = "draft"
    db.session.commit()
    add(client, chestnuts)
    assert "Không có mã TET2027" in enter(client, "TET2027").get_data(as_text=True)


def test_a_code_that_stops_applying_in_the_cart_is_shown_as_such_and_not_applied(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts, total_cap=3)
    add(client, chestnuts)
    enter(client, "TET2027")
    assert "160.000\u00a0₫" in cart_page(client)
    db.session.execute(update(Coupon).values(used=3))  # other buyers took the last uses
    db.session.commit()
    page = cart_page(client)
    assert "Mã TET2027 đã hết lượt dùng." in page and "160.000\u00a0₫" not in page and "Bỏ mã" in page
    db.session.execute(update(Coupon).values(used=0, valid_until=NOW - timedelta(seconds=1)))
    db.session.commit()
    assert "Mã TET2027 đã hết hạn." in cart_page(client)


def test_removing_the_code(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts)
    add(client, chestnuts)
    enter(client, "TET2027")
    response = post_form(client, TOKEN_PAGE, {}, post_url="/vi/cart/coupon/remove")
    assert response.status_code == 302 and stored_code(client) is None
    page = cart_page(client)
    assert "Đã bỏ mã giảm giá khỏi giỏ hàng." in page and "<del>" not in page and 'name="code"' in page


def test_code_forms_need_their_csrf_token(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts)
    add(client, chestnuts)
    assert client.post("/vi/cart/coupon", data={"code": "TET2027"}).status_code == 400
    assert stored_code(client) is None


def test_liquor_never_gets_the_codes_discount(client, factories, make_product, chestnuts):
    liquor = make_product(name="Rượu ngô Cải Vân", category="ruou", abv=35, price=150_000, stock=5)
    coupon_campaign(factories, chestnuts, liquor)  # built directly: the campaign form would refuse it
    with client.session_transaction() as session:
        session["age_declared"] = True
    add(client, liquor)
    add(client, chestnuts)
    enter(client, "TET2027")
    page = cart_page(client)
    assert "<del>150.000\u00a0₫</del>" not in page and "<del>200.000\u00a0₫</del>" in page
    assert "Rượu từ 15% trở lên không bao giờ được giảm giá" in page


def test_a_guest_cart_code_follows_the_buyer_at_sign_in(client, factories, chestnuts):
    from .conftest import sign_in

    coupon_campaign(factories, chestnuts)
    user = factories.user(role="customer", password="correct horse battery")
    db.session.commit()
    add(client, chestnuts)
    enter(client, "TET2027")
    sign_in(client, user, "correct horse battery")
    db.session.expire_all()
    assert db.session.scalar(select(Cart.coupon_code).where(Cart.user_id == user.id)) == "TET2027"


# -- checkout: the discount recorded, the caps, the price at placing -------------------------


def test_the_order_records_the_discount_the_campaign_the_funder_and_the_use(client, factories, chestnuts):
    campaign = coupon_campaign(factories, chestnuts, total_cap=10)
    add(client, chestnuts, 2)
    enter(client, "TET2027")
    review = to_review(client)
    assert "Mã giảm giá: <strong>TET2027</strong>" in review and "Mã giảm giá TET2027" in review
    assert "−40.000\u00a0₫" in review and "−80.000\u00a0₫" in review
    assert place_from(client, review).status_code == 302
    [order] = all_orders()
    [line] = db.session.scalars(select(OrderLine)).all()
    assert (line.base_unit_price, line.unit_discount, line.unit_price) == (200_000, 40_000, 160_000)
    assert (line.campaign_id, line.funded_by) == (campaign.id, "office")
    assert (order.subtotal, order.discount) == (400_000, 80_000)
    [use] = db.session.scalars(select(CouponRedemption)).all()
    assert (use.order_id, use.customer_key, use.user_id) == (order.id, "phone:+84912345678", None)
    assert coupon_row().used == 1


def test_a_guest_is_counted_by_phone_however_it_is_typed(app, client, factories, chestnuts):
    coupon_campaign(factories, chestnuts, per_customer_cap=1)
    add(client, chestnuts)
    enter(client, "TET2027")
    place_from(client, to_review(client))
    other_tab = app.test_client()  # a new visitor: another browser, the same person
    add(other_tab, chestnuts)
    enter(other_tab, "tet2027")
    assert "160.000\u00a0₫" in cart_page(other_tab)  # the phone is not known in the cart yet
    review = to_review(other_tab, phone="+84 912 345 678", email="hoa2@test.example")
    assert "Bạn đã dùng mã TET2027 đủ số lần tối đa cho mỗi khách hàng (1 lần)." in review
    assert "160.000\u00a0₫" not in review
    place_from(other_tab, review)
    first, second = all_orders()
    assert (first.discount, second.discount) == (40_000, 0)
    assert coupon_row().used == 1
    third = app.test_client()
    add(third, chestnuts)
    enter(third, "TET2027")
    place_from(third, to_review(third, phone="0987 654 321"))  # another person
    assert all_orders()[-1].discount == 40_000 and coupon_row().used == 2


def test_a_signed_in_buyer_is_counted_by_account_whatever_phone_they_give(client, login_as, factories, chestnuts):
    coupon_campaign(factories, chestnuts, per_customer_cap=1)
    user = login_as("customer")
    add(client, chestnuts)
    enter(client, "TET2027")
    place_from(client, to_review(client))
    assert db.session.scalar(select(CouponRedemption.user_id)) == user.id
    add(client, chestnuts)
    enter(client, "TET2027")
    assert "Bạn đã dùng mã TET2027" in cart_page(client)  # the account is known in the cart already
    review = to_review(client, phone="0987 654 321")
    assert "Bạn đã dùng mã TET2027" in review and "160.000\u00a0₫" not in review


def test_a_code_that_ran_out_after_the_review_shows_the_review_again_with_the_new_total(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts, total_cap=1)
    add(client, chestnuts)
    enter(client, "TET2027")
    review = to_review(client)
    assert "180.000\u00a0₫" in review  # 160.000 ₫ and 20.000 ₫ shipping in Cao Bằng
    db.session.execute(update(Coupon).values(used=1))  # someone else placed an order with the last use
    db.session.commit()
    response = place_from(client, review)
    assert response.status_code == 302 and response.headers["Location"].endswith("/vi/checkout/review")
    assert all_orders() == []
    again = client.get("/vi/checkout/review").get_data(as_text=True)
    assert "Giá đã thay đổi từ lúc bạn xem lại đơn hàng" in again and "Mã TET2027 đã hết lượt dùng." in again
    assert "220.000\u00a0₫" in again and "180.000\u00a0₫" not in again
    assert place_from(client, again).status_code == 302
    [order] = all_orders()
    assert (order.discount, order.total) == (0, 220_000)
    assert coupon_row().used == 1 and db.session.scalar(select(func.count()).select_from(CouponRedemption)) == 0


def test_a_campaign_that_ended_after_the_review_is_not_charged(client, factories, chestnuts):
    campaign = factories.campaign(chestnuts, percent=10)
    db.session.commit()
    add(client, chestnuts)
    review = to_review(client)
    assert "<del>200.000\u00a0₫</del>" in review
    db.session.execute(update(Campaign).where(Campaign.id == campaign.id)
                       .values(status="ended", ends_at=datetime.now(timezone.utc)))
    db.session.commit()
    assert place_from(client, review).headers["Location"].endswith("/vi/checkout/review")
    assert all_orders() == []


def test_a_forged_fingerprint_only_shows_the_review_again(client, chestnuts):
    add(client, chestnuts)
    review = to_review(client)
    forged = review.replace('name="prices_seen" type="hidden" value="', 'name="prices_seen" type="hidden" value="0')
    assert place_from(client, forged).headers["Location"].endswith("/vi/checkout/review")
    assert all_orders() == []
    assert client.post("/vi/checkout/place", data={"csrf_token": csrf_from(review), "checkout_token": "x"}).status_code == 302
    assert all_orders() == []


def test_the_same_buyer_in_two_tabs_gets_the_discount_once(app, client, factories, chestnuts):
    coupon_campaign(factories, chestnuts, per_customer_cap=1)
    add(client, chestnuts)
    enter(client, "TET2027")
    review = to_review(client)
    other = app.test_client()
    add(other, chestnuts)
    enter(other, "TET2027")
    other_review = to_review(other)
    place_from(client, review)
    response = place_from(other, other_review)
    assert response.headers["Location"].endswith("/vi/checkout/review")
    assert len(all_orders()) == 1 and coupon_row().used == 1


def test_a_cancelled_order_gives_its_use_back(client, factories, chestnuts):
    coupon_campaign(factories, chestnuts, total_cap=1, per_customer_cap=1)
    add(client, chestnuts)
    enter(client, "TET2027")
    place_from(client, to_review(client))
    [order] = all_orders()
    assert coupon_row().used == 1
    page = client.get(f"/vi/orders/{order.number}?t={order.access_token}").get_data(as_text=True)
    client.post(f"/vi/orders/{order.number}/cancel", data={"csrf_token": csrf_from(page), "t": order.access_token})
    assert all_orders()[0].status == "cancelled"
    assert coupon_row().used == 0 and db.session.scalar(select(func.count()).select_from(CouponRedemption)) == 0
    add(client, chestnuts)
    enter(client, "TET2027")
    place_from(client, to_review(client))
    assert all_orders()[-1].discount == 40_000 and coupon_row().used == 1


def test_a_late_payment_reinstating_an_order_takes_its_use_again(factories, chestnuts):
    coupon = coupon_campaign(factories, chestnuts, total_cap=1)
    cart_coupon = db.session.scalar(select(Coupon))
    order = _order_with_code(factories, chestnuts, cart_coupon.code)
    orders_services.cancel(order, "payment_expired")
    db.session.commit()
    assert coupon_row().used == 0
    assert orders_services.reinstate(order)
    db.session.commit()
    assert coupon_row().used == 1
    [use] = db.session.scalars(select(CouponRedemption)).all()
    assert (use.order_id, use.customer_key) == (order.id, "phone:+84912345678") and coupon.id


def _order_with_code(factories, product, code):
    """An order placed through the real service from a cart holding the code."""
    from ocop_shop.cart import services as carts
    from ocop_shop.orders.placing import Delivery, place_order

    cart = carts.create_cart()
    carts.add_item(cart, product.id, 1)
    carts.set_coupon(cart, code)
    delivery = Delivery("Nông Thị Hoa", "+84912345678", "hoa@test.example", 4, "Cao Bằng", 1279,
                        "Phường Nùng Trí Cao", "Số 3 phố Vườn Cam")
    order = place_order(cart, delivery, "bank_transfer", checkout_token="with-code", locale="vi", user_id=None,
                        age_declared=False)
    db.session.commit()
    assert order.discount == 40_000
    return order


def test_a_cart_is_priced_in_the_same_number_of_queries_at_two_and_at_ten_lines(factories, make_product, count_queries):
    from ocop_shop.cart import services as carts

    def queries_for(size: int) -> int:
        products = [make_product(price=100_000, stock=5) for _ in range(size)]
        factories.campaign(*products, percent=10, coupon=f"CODE{size}")
        cart = carts.create_cart()
        for product in products:
            carts.add_item(cart, product.id, 1)
        carts.set_coupon(cart, f"code{size}")
        db.session.commit()
        db.session.expire_all()
        cart = db.session.get(Cart, cart.id)
        with count_queries() as statements:
            priced = carts.priced(cart)
        assert priced.coupon.applies and all(line.price.discount == 10_000 for line in priced.lines)
        return len(statements)

    assert queries_for(2) == queries_for(10)
