"""The alcohol licence rule (Law 44/2019/QH14, Decree 105/2017), one home in catalog/alcohol.py:
a drink of ABV ≥ 5.5 is published only with the producer's licence in force, and a published one
leaves the storefront (catalog, its page, search, sitemap, producer page, cart) once the licence
has expired, the day taken in Asia/Ho_Chi_Minh."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from ocop_shop.cart.models import CartItem
from ocop_shop.catalog import services as catalog
from ocop_shop.catalog.services import CatalogError
from ocop_shop import search
from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer
from ocop_shop.timeutil import local_today

from .conftest import csrf_from, post_form

TODAY = local_today()


def licensed(factories, expires_on, number="12/GP-SCT"):
    return factories.producer("HTX Rượu men lá Khuổi Ky", alcohol_licence_number=number,
                              alcohol_licence_issuer="Sở Công Thương Cao Bằng", alcohol_licence_expires_on=expires_on)


@pytest.mark.parametrize("abv, expires_on, publishes", [
    (5.4, None, True),                         # below the licence threshold: no licence needed
    (5.5, None, False),                        # at the threshold: a licence is needed
    (5.5, TODAY, True),                        # expiring today is still in force today
    (5.5, TODAY - timedelta(days=1), False),   # expired yesterday
    (40, TODAY + timedelta(days=365), True),
])
def test_publishing_a_drink_needs_a_licence_in_force_from_5_5_percent(app, factories, abv, expires_on, publishes):
    producer = licensed(factories, expires_on, number="12/GP-SCT" if expires_on else None)
    drink = factories.product(name="Rượu men lá", producer=producer, category="ruou", abv=abv, status="pending_review")
    if publishes:
        catalog.publish(drink)
        assert drink.status == "published"
    else:
        with pytest.raises(CatalogError):
            catalog.publish(drink)
        assert drink.status == "pending_review"


def test_a_licence_number_without_an_expiry_is_not_enough_to_publish(app, factories):
    producer = licensed(factories, None)
    drink = factories.product(producer=producer, category="ruou", abv=29.5, status="pending_review")
    with pytest.raises(CatalogError):
        catalog.publish(drink)


@pytest.fixture
def wine(factories):
    """A published 12 % drink (below the advertising ban, so it is in the sitemap) with a licence."""
    producer = licensed(factories, TODAY)
    product = factories.product(name="Rượu men lá Khuổi Ky", producer=producer, category="ruou", abv=12,
                                price=90_000, content={"vi": {"name": "Rượu men lá Khuổi Ky", "description": "Men lá."}})
    db.session.commit()
    return product


def lapse(product, days=1):
    """The licence's expiry moves into the past: nothing about the product itself changes."""
    db.session.execute(update(Producer).where(Producer.id == product.producer_id)
                       .values(alcohol_licence_expires_on=TODAY - timedelta(days=days)))
    db.session.commit()


def shown_everywhere(client, product) -> dict[str, bool]:
    link = f"/vi/products/{product.slug}"
    producer = db.session.get(Producer, product.producer_id)
    return {
        "catalog": link in client.get("/vi/products?category=ruou").get_data(as_text=True),
        "page": client.get(link).status_code == 200,
        "search": link in client.get("/vi/search?q=men+la+khuoi+ky").get_data(as_text=True),
        "search index": search.search("men lá Khuổi Ky").total == 1 and bool(search.suggest("men la khuoi")["products"]),
        "sitemap": link in client.get("/sitemap.xml").get_data(as_text=True),
        "producer page": link in client.get(f"/vi/producers/{producer.slug}").get_data(as_text=True),
    }


def test_a_licence_expiring_today_keeps_the_drink_on_sale(client, wine):
    assert shown_everywhere(client, wine) == dict.fromkeys(shown_everywhere(client, wine), True)


def test_an_expired_licence_takes_the_drink_off_the_storefront(client, wine):
    lapse(wine)
    assert shown_everywhere(client, wine) == dict.fromkeys(shown_everywhere(client, wine), False)
    assert db.session.get(type(wine), wine.id).status == "published"  # nothing stored changed


def test_a_drink_below_5_5_percent_stays_whatever_the_licence(client, factories):
    producer = licensed(factories, TODAY - timedelta(days=30))
    beer = factories.product(name="Bia thủ công Phja Oắc", producer=producer, category="ruou", abv=5.4)
    db.session.commit()
    assert client.get(f"/vi/products/{beer.slug}").status_code == 200


def add_to_cart(client, product):
    return post_form(client, "/vi/account/login", {"product_id": product.id, "quantity": "1"}, post_url="/vi/cart/add")


def test_the_cart_refuses_a_drink_whose_licence_expired_and_drops_it_from_checkout(client, factories, wine):
    other = factories.product(name="Rượu men lá nhà bên", producer=db.session.get(Producer, wine.producer_id),
                              category="ruou", abv=12)
    db.session.commit()
    assert add_to_cart(client, other).status_code == 302
    lapse(wine)
    add_to_cart(client, wine)
    db.session.expire_all()
    assert db.session.scalars(select(CartItem.product_id)).all() == [other.id]
    cart = client.get("/vi/cart").get_data(as_text=True)
    assert "Rượu men lá nhà bên" not in cart  # added while on sale, no longer sellable: not a line
    page = client.get("/vi/checkout", follow_redirects=True).get_data(as_text=True)
    assert "Rượu men lá nhà bên" not in page


def test_renewing_the_licence_brings_the_drink_back(client, wine, login_as):
    lapse(wine)
    assert client.get(f"/vi/products/{wine.slug}").status_code == 404
    login_as("admin")
    page = f"/vi/admin/producers/{db.session.get(Producer, wine.producer_id).slug}"
    html = client.get(page).get_data(as_text=True)
    assert "Giấy phép này đã hết hạn" in html
    response = client.post(f"{page}/licence", data={
        "licence-csrf_token": csrf_from(html), "licence-number": "12/GP-SCT",
        "licence-issuer": "Sở Công Thương Cao Bằng", "licence-expires_on": str(TODAY + timedelta(days=1000))})
    assert response.status_code == 302
    assert client.get(f"/vi/products/{wine.slug}").status_code == 200
    assert f"/vi/products/{wine.slug}" in client.get("/vi/search?q=men+la+khuoi+ky").get_data(as_text=True)


def test_an_applicant_giving_a_licence_number_must_give_its_expiry(client):
    from .test_portal_joining import APPLICATION

    response = post_form(client, "/vi/producer/join", {**APPLICATION, "alcohol_licence_number": "12/GP-SCT",
                                                        "alcohol_licence_expires_on": ""})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Vui lòng nhập ngày hết hạn của giấy phép." in html and 'value="12/GP-SCT"' in html
    assert db.session.scalar(select(func.count(Producer.id))) == 0


def test_after_approval_only_the_office_changes_the_licence(client, factories, login_as):
    producer = factories.producer("HTX Rượu ngô Thử")
    login_as(factories.user(role="producer", producer=producer, password="mat-khau-dai-1"), password="mat-khau-dai-1")
    response = post_form(client, "/vi/producer/profile", {
        "contact_name": "Nông Văn Cải", "locality_id": str(producer.locality_id), "workers": "3",
        "trained_workers": "1", "alcohol_licence_number": "12/GP-SCT", "alcohol_licence_expires_on": "2030-01-01"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Producer, producer.id).alcohol_licence_number is None
