"""The liquor age declaration (Law 44/2019/QH14): before, after, under 18."""
from __future__ import annotations

import pytest

from ocop_shop.extensions import db

from .conftest import csrf_from


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def corn_liquor(factories, make_product):
    producer = factories.producer(name="HTX Cải Vân", alcohol_licence_number="GP-01")
    product = make_product(name="Rượu ngô Cải Vân", producer=producer, category="ruou", abv=29.5,
                           price=180_000, stars=3, content={
                               "vi": {"name": "Rượu ngô Cải Vân", "description": "Nấu từ ngô nếp và men lá."},
                               "en": {"name": "Cải Vân corn liquor", "description": "Distilled from sticky corn."}})
    factories.product_image(product)
    db.session.commit()
    return product


def declare(client, product, name="Nguyễn Văn A", age="30", lang="vi"):
    page = text(client.get(f"/{lang}/products/{product.slug}"))
    data = {"csrf_token": csrf_from(page), "name": name, "age": age, "next": f"/{lang}/products/{product.slug}"}
    return client.post(f"/{lang}/age-declaration", data=data)


@pytest.mark.parametrize("lang, heading", [("vi", "Đồ uống có cồn, chỉ dành cho người lớn"),
                                           ("en", "An alcoholic drink, for adults only")])
def test_before_declaring_the_page_shows_only_the_form(client, corn_liquor, lang, heading):
    page = client.get(f"/{lang}/products/{corn_liquor.slug}")
    assert page.status_code == 200
    html = text(page)
    assert heading in html
    assert 'name="age"' in html and 'name="name"' in html and 'name="csrf_token"' in html
    assert "180.000" not in html and "180,000" not in html
    assert "ngô nếp" not in html and "sticky corn" not in html
    assert "/media/" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_listings_show_an_18_plus_card_until_declared(client, corn_liquor):
    html = text(client.get("/vi/products"))
    assert "Rượu ngô Cải Vân" in html and "18+" in html
    assert "180.000" not in html and "/media/" not in html
    declare(client, corn_liquor)
    html = text(client.get("/vi/products"))
    assert "180.000\u00a0₫" in html and "/media/" in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_declaring_18_or_over_goes_back_and_shows_details(client, corn_liquor, lang):
    response = declare(client, corn_liquor, lang=lang, age="18")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/{lang}/products/{corn_liquor.slug}")
    html = text(client.get(f"/{lang}/products/{corn_liquor.slug}"))
    assert ("180.000\u00a0₫" if lang == "vi" else "₫180,000") in html
    assert ("ngô nếp" if lang == "vi" else "sticky corn") in html
    assert "/media/" in html
    assert ("OCOP 3 sao" if lang == "vi" else "OCOP 3-star") in html


def test_only_a_flag_is_kept_never_the_name(client, corn_liquor):
    declare(client, corn_liquor, name="Nông Thị Bích", age="42")
    with client.session_transaction() as session:
        assert session.get("age_declared") is True
        assert "Nông Thị Bích" not in repr(dict(session))
        assert 42 not in session.values() and "42" not in session.values()
        assert set(session) <= {"age_declared", "csrf_token", "_flashes", "_fresh", "cart_token"}


@pytest.mark.parametrize("lang, refusal", [("vi", "Rất tiếc"), ("en", "Sorry")])
def test_under_18_gets_a_polite_refusal_and_nothing_is_shown(client, corn_liquor, lang, refusal):
    response = declare(client, corn_liquor, age="16", lang=lang)
    assert response.status_code == 200
    html = text(response)
    assert refusal in html
    assert "180" not in html and "/media/" not in html
    with client.session_transaction() as session:
        assert "age_declared" not in session
    again = text(client.get(f"/{lang}/products/{corn_liquor.slug}"))
    assert 'name="age"' in again and "/media/" not in again


def test_declaring_under_18_after_18_removes_the_flag(client, corn_liquor):
    declare(client, corn_liquor, age="25")
    declare(client, corn_liquor, age="15")
    assert 'name="age"' in text(client.get(f"/vi/products/{corn_liquor.slug}"))


@pytest.mark.parametrize("age", ["", "abc", "0", "-3", "200", "18.5"])
def test_a_bad_age_is_asked_again(client, corn_liquor, age):
    response = declare(client, corn_liquor, age=age, lang="en")
    assert response.status_code == 200
    html = text(response)
    assert "Please enter your age" in html
    assert 'value="Nguyễn Văn A"' in html  # nothing typed is lost
    with client.session_transaction() as session:
        assert "age_declared" not in session


def test_a_name_is_required(client, corn_liquor):
    html = text(declare(client, corn_liquor, name="  ", age="30", lang="en"))
    assert "Please enter your name." in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_redirect_after_declaring_stays_on_the_site(client, corn_liquor, target):
    page = text(client.get(f"/vi/products/{corn_liquor.slug}"))
    response = client.post("/vi/age-declaration", data={
        "csrf_token": csrf_from(page), "name": "A", "age": "30", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/vi/products", "http://localhost/vi/products")


def test_declaration_without_csrf_is_refused(client, corn_liquor):
    response = client.post("/vi/age-declaration", data={"name": "A", "age": "30"})
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "age_declared" not in session


def test_light_alcohol_is_gated_too_and_soft_drinks_are_not(client, make_product):
    wine = make_product(name="Rượu men lá nhẹ", category="ruou", abv=12, price=90_000)
    tea = make_product(name="Trà giảo cổ lam", category="tra", price=70_000)
    db.session.commit()
    assert "90.000" not in text(client.get(f"/vi/products/{wine.slug}"))
    assert "70.000\u00a0₫" in text(client.get(f"/vi/products/{tea.slug}"))
