"""Cart rules: add, change, remove, stock caps, experiences, bad input, merge at sign-in (form and remember-me)."""
import pytest
from sqlalchemy import select

from ocop_shop.cart import services as carts
from ocop_shop.cart.models import Cart, CartItem
from ocop_shop.extensions import db

from .conftest import post_form

TOKEN_PAGE = "/vi/account/login"  # any page with a form gives the session's CSRF token


@pytest.fixture(autouse=True)
def _rules(factories):
    factories.shipping_rules()
    db.session.commit()


def _items(client=None):
    db.session.expire_all()
    return {i.product_id: i.quantity for i in db.session.scalars(select(CartItem))}


def add(client, product_id, quantity="1", lang="vi", **extra):
    return post_form(client, TOKEN_PAGE, {"product_id": product_id, "quantity": quantity, **extra},
                     post_url=f"/{lang}/cart/add")


def test_guest_adds_a_product_and_sees_prices_and_total(client, make_product):
    product = make_product(name="Hạt dẻ Trùng Khánh", price=120_000, stock=5)
    db.session.commit()
    response = add(client, product.id, "2")
    assert response.status_code == 302
    page = client.get("/vi/cart?province=4").get_data(as_text=True)
    assert "Hạt dẻ Trùng Khánh" in page
    assert "240.000\u00a0₫" in page  # line and goods total
    assert "20.000\u00a0₫" in page  # shipping to Cao Bằng, one parcel ≤ 1 kg
    assert "260.000\u00a0₫" in page
    assert _items() == {product.id: 2}


def test_cart_token_lives_in_the_session_and_the_cart_in_the_database(client, make_product):
    product = make_product()
    db.session.commit()
    add(client, product.id)
    with client.session_transaction() as session:
        token = session["cart_token"]
    assert db.session.scalar(select(Cart.token)) == token
    assert len(token) >= 40


def test_quantity_is_capped_by_stock_with_a_notice(client, make_product):
    product = make_product(name="Mật ong bạc hà", stock=3)
    db.session.commit()
    add(client, product.id, "2")
    response = add(client, product.id, "5")
    assert _items() == {product.id: 3}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chỉ còn 3" in page or "Only 3" in page


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "1000000000000", "", "2.5"])
def test_bad_quantities_change_nothing(client, make_product, quantity):
    product = make_product()
    db.session.commit()
    response = add(client, product.id, quantity)
    assert response.status_code == 302
    assert _items() == {}
    page = client.get("/vi/cart").get_data(as_text=True)
    assert "số lượng" in page.lower()


@pytest.mark.parametrize("product_id", ["999999", "abc", "-3", ""])
def test_unknown_product_is_a_clear_message(client, product_id):
    response = add(client, product_id)
    assert response.status_code == 302
    assert _items() == {}
    page = client.get("/vi/cart").get_data(as_text=True)
    assert "flash-error" in page


def test_experiences_are_never_put_in_the_cart(client, make_product):
    tour = make_product(name="Homestay Khuổi Ky", category="du-lich")
    db.session.commit()
    add(client, tour.id)
    assert _items() == {}
    assert "đặt" in client.get("/vi/cart").get_data(as_text=True).lower()


def test_sold_out_and_unpublished_products_are_refused(client, make_product):
    sold_out = make_product(stock=0)
    draft = make_product(status="draft")
    db.session.commit()
    add(client, sold_out.id)
    add(client, draft.id)
    assert _items() == {}


def test_missing_csrf_token_is_refused_and_changes_nothing(client, make_product):
    product = make_product()
    db.session.commit()
    response = client.post("/vi/cart/add", data={"product_id": product.id, "quantity": "1"})
    assert response.status_code == 400
    assert _items() == {}


def test_price_fields_added_to_the_form_are_ignored(client, make_product):
    product = make_product(price=150_000)
    db.session.commit()
    add(client, product.id, "1", price="1", unit_price="1", total="1")
    page = client.get("/vi/cart?province=4").get_data(as_text=True)
    assert "150.000\u00a0₫" in page


def test_change_quantity_and_remove(client, make_product):
    product = make_product(stock=10)
    db.session.commit()
    add(client, product.id, "1")
    post_form(client, TOKEN_PAGE, {"product_id": product.id, "quantity": "4"}, post_url="/vi/cart/update")
    assert _items() == {product.id: 4}
    post_form(client, TOKEN_PAGE, {"product_id": product.id, "quantity": "0"}, post_url="/vi/cart/update")
    assert _items() == {product.id: 4}
    post_form(client, TOKEN_PAGE, {"product_id": product.id}, post_url="/vi/cart/remove")
    assert _items() == {}


def test_the_add_to_cart_partial_is_not_shown_for_experiences(app, make_product):
    from flask import render_template

    tour = make_product(category="du-lich")
    chestnut = make_product()
    db.session.commit()
    with app.test_request_context("/vi/"):
        from flask import g

        g.lang = "vi"
        assert "add-to-cart" not in render_template("cart/_add_to_cart.html", product=tour)
        assert 'name="product_id"' in render_template("cart/_add_to_cart.html", product=chestnut)


def _guest_cart_then_login(client, factories, products, remember=False):
    user = factories.user(password="correct horse battery")
    db.session.commit()
    for product, quantity in products:
        add(client, product.id, str(quantity))
    response = post_form(client, "/vi/account/login", {"login": user.email, "password": "correct horse battery",
                                                       **({"remember": "y"} if remember else {})})
    assert response.status_code == 302
    return user


def test_guest_cart_merges_into_the_user_cart_at_form_login(client, factories, make_product):
    a, b, gone = make_product(stock=5), make_product(stock=2), make_product(stock=5)
    user = factories.user(password="correct horse battery")
    mine = carts.create_cart(user_id=user.id)
    carts.add_item(mine, a.id, 4)
    carts.add_item(mine, b.id, 1)
    db.session.commit()
    add(client, a.id, "3")
    add(client, b.id, "2")
    add(client, gone.id, "1")
    gone.status = "archived"
    db.session.commit()
    response = post_form(client, "/vi/account/login", {"login": user.email, "password": "correct horse battery"})
    assert response.status_code == 302
    db.session.expire_all()
    carts_now = db.session.scalars(select(Cart)).all()
    assert [c.user_id for c in carts_now] == [user.id]
    assert _items() == {a.id: 5, b.id: 2}
    page = client.get("/vi/cart").get_data(as_text=True)
    assert "không còn bán" in page or "no longer available" in page


def test_merge_at_remember_me_login(client, factories, make_product):
    product = make_product(stock=5)
    user = _guest_cart_then_login(client, factories, [(product, 1)], remember=True)
    # A new browser session: only the remember-me cookie is left; then the visitor shops as a guest.
    remember = client.get_cookie("remember_token")
    assert remember is not None
    client.delete_cookie("session")
    other = make_product(stock=5)
    db.session.commit()
    with client.session_transaction() as session:
        guest = carts.create_cart()
        carts.add_item(guest, other.id, 2)
        db.session.commit()
        session["cart_token"] = guest_token = guest.token
    client.get("/vi/cart")  # the remember-me cookie signs the user in, which merges the guest cart
    db.session.expire_all()
    user_cart = carts.find_cart(user_id=user.id)
    assert {i.product_id: i.quantity for i in db.session.scalars(select(CartItem).where(CartItem.cart_id == user_cart.id))} \
        == {product.id: 1, other.id: 2}
    assert db.session.scalar(select(Cart).where(Cart.token == guest_token)) is None
