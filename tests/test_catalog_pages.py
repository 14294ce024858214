"""The public catalog and product pages, through the real routes, in vi and en."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from ocop_shop.catalog import services
from ocop_shop.extensions import db
from ocop_shop.timeutil import local_today

from .factories import a_day


def text(response) -> str:
    return response.get_data(as_text=True)


def product_links(html: str, lang: str = "vi") -> list[str]:
    """Product slugs linked from the cards of a listing, in page order."""
    return re.findall(rf'class="card-title"><a href="/{lang}/products/([^"?]+)"', html)


# --- the catalog ------------------------------------------------------------------------


@pytest.mark.parametrize("lang, heading", [("vi", "Sản phẩm OCOP Cao Bằng"), ("en", "OCOP products of Cao Bằng")])
def test_catalog_lists_published_products_in_each_language(client, make_product, lang, heading):
    make_product(name="Hạt dẻ Trùng Khánh", content={"vi": {"name": "Hạt dẻ Trùng Khánh"},
                                                     "en": {"name": "Trùng Khánh chestnuts"}})
    make_product(name="Miến dong Phja Đén")
    db.session.commit()
    page = client.get(f"/{lang}/products")
    assert page.status_code == 200
    html = text(page)
    assert heading in html
    assert ("Trùng Khánh chestnuts" if lang == "en" else "Hạt dẻ Trùng Khánh") in html
    assert "Miến dong Phja Đén" in html  # no English name: falls back to Vietnamese
    assert ("2 sản phẩm" if lang == "vi" else "2 products") in html


@pytest.mark.parametrize("status", ["draft", "pending_review", "archived"])
def test_unpublished_products_are_invisible(client, make_product, status):
    hidden = make_product(name="Sản phẩm ẩn", status=status)
    make_product(name="Sản phẩm công khai")
    db.session.commit()
    html = text(client.get("/vi/products"))
    assert "Sản phẩm công khai" in html and "Sản phẩm ẩn" not in html
    assert client.get(f"/vi/products/{hidden.slug}").status_code == 404
    assert client.get(f"/en/products/{hidden.slug}").status_code == 404


@pytest.mark.parametrize("status", ["pending", "suspended", "rejected"])
def test_products_of_producers_not_approved_are_invisible(client, make_producer, make_product, status):
    product = make_product(name="Của chủ thể chưa duyệt", producer=make_producer(status=status))
    db.session.commit()
    assert "Của chủ thể chưa duyệt" not in text(client.get("/vi/products"))
    assert client.get(f"/vi/products/{product.slug}").status_code == 404


def test_filters_combine_and_stay_in_the_url(app, client, factories, make_product):
    app.config["PRODUCTS_PER_PAGE"] = 1
    place = factories.locality("Xã Đàm Thủy")
    producer = factories.producer(name="HTX Đàm Thủy", locality=place)
    make_product(name="Hạt dẻ bốn sao", producer=producer, category="hat-qua", stars=4, price=200_000)
    make_product(name="Hạt dẻ năm sao", producer=producer, category="hat-qua", stars=5, price=250_000)
    make_product(name="Hạt dẻ ba sao", producer=producer, category="hat-qua", stars=3, price=150_000)
    make_product(name="Hạt dẻ quá đắt", producer=producer, category="hat-qua", stars=5, price=900_000)
    make_product(name="Hạt dẻ nơi khác", category="hat-qua", stars=5, price=200_000)
    make_product(name="Trà bốn sao", producer=producer, category="tra", stars=4, price=200_000)
    db.session.commit()
    url = (f"/vi/products?category=thuc-pham&stars=4&place={place.slug}&producer={producer.slug}"
           "&min_price=100000&max_price=300000&sort=price_asc")
    first = text(client.get(url))
    assert "2 sản phẩm" in first
    assert product_links(first) == [s for s in product_links(first) if "bon-sao" in s]
    second = text(client.get(url + "&page=2"))
    assert product_links(second)[0].startswith("hat-de-nam-sao")
    # the next-page link and the form keep every filter
    next_link = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    for part in ("category=thuc-pham", "stars=4", f"place={place.slug}", f"producer={producer.slug}",
                 "min_price=100000", "max_price=300000", "sort=price_asc", "page=2"):
        assert part in next_link
    assert '<option value="4" selected>' in first
    assert f'<option value="{place.slug}" selected>' in first
    assert 'value="100000"' in first and 'value="300000"' in first


def test_sub_category_and_group_filters(client, make_product):
    make_product(name="Rượu thử", category="ruou", abv=12)
    make_product(name="Trà thử", category="tra")
    make_product(name="Miến thử", category="mien-bun")
    db.session.commit()
    group = text(client.get("/en/products?category=do-uong"))
    assert "Trà thử" in group and "Rượu thử" in group and "Miến thử" not in group
    sub = text(client.get("/en/products?category=tra"))
    assert "Trà thử" in sub and "Rượu thử" not in sub


def test_sorting_by_price(client, make_product):
    for name, price in (("Giữa", 200_000), ("Rẻ", 50_000), ("Đắt", 900_000)):
        make_product(name=name, price=price)
    db.session.commit()
    ascending = product_links(text(client.get("/vi/products?sort=price_asc")))
    assert [s.split("-")[0] for s in ascending] == ["re", "giua", "dat"]
    descending = product_links(text(client.get("/vi/products?sort=price_desc")))
    assert [s.split("-")[0] for s in descending] == ["dat", "giua", "re"]


def test_sorting_by_stars_puts_valid_certificates_first(client, make_product):
    make_product(name="Không sao")
    make_product(name="Sao hết hạn", stars=5, expires_on=a_day(-1))
    make_product(name="Bốn sao", stars=4)
    make_product(name="Ba sao", stars=3)
    db.session.commit()
    order = product_links(text(client.get("/vi/products?sort=stars")))
    assert order[:2] == [s for s in order if s.startswith(("bon-sao", "ba-sao"))]
    assert order[0].startswith("bon-sao")


@pytest.mark.parametrize("query, notice", [
    ("stars=abc", "“abc” is not a star level"),
    ("stars=9", "“9” is not a star level"),
    ("stars=2", "“2” is not a star level"),
    ("min_price=-5", "“-5” is not an amount in đồng"),
    ("max_price=lots", "“lots” is not an amount in đồng"),
    ("sort=cheapest", "“cheapest” is not a sort order"),
    ("category=no-such-group", "There is no category “no-such-group”"),
    ("category=%3Cscript%3E", "The category “&lt;script&gt;” was not understood"),
    ("place=nowhere", "There is no place “nowhere”"),
    ("producer=nobody", "There is no producer “nobody”"),
])
def test_bad_filter_values_are_ignored_with_a_notice(client, make_product, query, notice):
    make_product(name="Vẫn hiện")
    db.session.commit()
    page = client.get(f"/en/products?{query}")
    assert page.status_code == 200
    html = text(page)
    assert notice in html
    assert "Vẫn hiện" in html
    assert "“<script>" not in html


@pytest.mark.parametrize("query", ["page=-1", "page=0", "page=abc", "page=99999", "page=1e9",
                                   "page=99999999999999999999", "min_price=1e99", "stars=%00",
                                   "min_price=300000&max_price=100000", "sort=relevance",
                                   "category=&stars=&page="])
def test_odd_values_never_fail(client, make_product, query):
    make_product(name="Một sản phẩm", price=200_000)
    db.session.commit()
    for lang in ("vi", "en"):
        page = client.get(f"/{lang}/products?{query}", follow_redirects=True)
        assert page.status_code == 200, query
        assert "Một sản phẩm" in text(page)


def test_page_number_is_clamped(app, client, make_product):
    app.config["PRODUCTS_PER_PAGE"] = 2
    for n, price in enumerate((10_000, 20_000, 30_000, 40_000, 50_000)):
        make_product(name=f"Mục {n}", price=price)
    db.session.commit()
    response = client.get("/vi/products?sort=price_asc&page=99999")
    assert response.status_code == 302
    assert response.headers["Location"] == "/vi/products?sort=price_asc&page=3"
    last = text(client.get(response.headers["Location"]))
    assert [s.split("-")[1] for s in product_links(last)] == ["4"]
    assert 'aria-current="page"><span class="visually-hidden">Trang </span>3' in last
    first = text(client.get("/vi/products?sort=price_asc&page=-1"))
    assert [s.split("-")[1] for s in product_links(first)] == ["0", "1"]


def test_swapped_price_range_is_read_the_right_way_round(client, make_product):
    make_product(name="Trong khoảng", price=200_000)
    make_product(name="Ngoài khoảng", price=500_000)
    db.session.commit()
    html = text(client.get("/vi/products?min_price=300.000&max_price=100.000"))
    assert "Trong khoảng" in html and "Ngoài khoảng" not in html


def test_empty_state(client, make_product):
    make_product(name="Rẻ", price=10_000)
    db.session.commit()
    html = text(client.get("/en/products?min_price=5000000"))
    assert "No products match these filters" in html
    assert 'href="/en/products"' in html


def test_language_switch_keeps_the_page_and_its_query(client, make_product):
    make_product()
    db.session.commit()
    html = text(client.get("/vi/products?stars=4&sort=price_asc"))
    switch = re.search(r'<a href="([^"]+)" hreflang="en"', html).group(1).replace("&amp;", "&")
    assert switch.startswith("/en/products?") and "stars=4" in switch and "sort=price_asc" in switch
    assert re.search(r'<link rel="alternate" hreflang="en" href="http://localhost/en/products\?[^"]*stars=4', html)
    assert 'hreflang="x-default" href="http://localhost/vi/products?' in html


# --- the product page -------------------------------------------------------------------


@pytest.mark.parametrize("lang, badge, money, level", [
    ("vi", "OCOP 4 sao", "150.000\u00a0₫", "UBND tỉnh"),
    ("en", "OCOP 4-star", "₫150,000", "Provincial People"),
])
def test_product_page_shows_price_badge_and_certificate(client, factories, make_product, lang, badge, money, level):
    product = make_product(name="Lạp sườn hun khói", price=150_000, content={
        "vi": {"name": "Lạp sườn hun khói", "description": "Thịt lợn đen hun khói bếp củi.", "unit": "gói"},
        "en": {"name": "Smoked sausage", "description": "Black pork smoked over a wood fire."}})
    cert = factories.certification(product, stars=4, number="DEMO-0042")
    factories.product_image(product)
    factories.product_image(product, colour=(47, 107, 63))
    db.session.commit()
    page = client.get(f"/{lang}/products/{product.slug}")
    assert page.status_code == 200
    html = text(page)
    assert badge in html
    assert money in html
    assert "DEMO-0042" in html and level in html
    assert f'href="/{lang}/verify/{cert.public_code}"' in html
    assert ("Smoked sausage" if lang == "en" else "Lạp sườn hun khói") in html
    assert 'srcset="/media/' in html and 'width="960" height="720"' in html
    assert 'name="robots"' not in html


@pytest.mark.parametrize("offset, shows_badge", [(1, True), (0, True), (-1, False)])
def test_badge_follows_expiry_day(client, make_product, offset, shows_badge):
    """The day before, on and after the expiry date (today in Asia/Ho_Chi_Minh)."""
    product = make_product(name="Mật ong", stars=4, expires_on=local_today() + timedelta(days=offset))
    db.session.commit()
    for lang, badge, word in (("vi", "OCOP 4 sao", "hết hạn"), ("en", "OCOP 4-star", "expired")):
        html = text(client.get(f"/{lang}/products/{product.slug}"))
        assert (badge in html) is shows_badge
        assert (word in html) is not shows_badge
        listing = text(client.get(f"/{lang}/products"))
        assert (badge in listing) is shows_badge


def test_revoked_certificate_hides_the_badge(client, make_product):
    product = make_product(name="Trà thu hồi", stars=4, revoked=True)
    db.session.commit()
    vi = text(client.get(f"/vi/products/{product.slug}"))
    assert "OCOP 4 sao" not in vi and "thu hồi" in vi
    en = text(client.get(f"/en/products/{product.slug}"))
    assert "OCOP 4-star" not in en and "revoked" in en
    assert "OCOP 4 sao" not in text(client.get("/vi/products"))


def test_a_valid_certificate_wins_over_an_expired_one(client, factories, make_product):
    product = make_product(name="Gia hạn", stars=3, expires_on=a_day(-10))
    factories.certification(product, stars=4)
    db.session.commit()
    html = text(client.get(f"/vi/products/{product.slug}"))
    assert "OCOP 4 sao" in html and "OCOP 3 sao" not in html


def test_product_without_certificate_says_so(client, make_product):
    product = make_product(name="Khăn thổ cẩm")
    db.session.commit()
    assert "Chưa có chứng nhận OCOP" in text(client.get(f"/vi/products/{product.slug}"))
    assert "Not OCOP-certified" in text(client.get(f"/en/products/{product.slug}"))


def test_old_slug_redirects_permanently(client, make_product):
    product = make_product(name="Tên cũ")
    old = product.slug
    services.rename(product, "Tên mới")
    db.session.commit()
    response = client.get(f"/en/products/{old}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/en/products/{product.slug}")


@pytest.mark.parametrize("lang, text_404", [("vi", "Không tìm thấy trang"), ("en", "Page not found")])
def test_unknown_product_is_a_localized_404(client, lang, text_404):
    page = client.get(f"/{lang}/products/khong-co-san-pham-nay")
    assert page.status_code == 404
    assert text_404 in text(page)


def test_spirits_pages_are_noindex(client, make_product):
    spirit = make_product(name="Rượu ngô", category="ruou", abv=29.5)
    wine = make_product(name="Rượu vang", category="ruou", abv=12)
    db.session.commit()
    with client.session_transaction() as session:
        session["age_declared"] = True
    assert '<meta name="robots" content="noindex">' in text(client.get(f"/vi/products/{spirit.slug}"))
    assert 'name="robots"' not in text(client.get(f"/vi/products/{wine.slug}"))


def test_product_page_shows_producer_excerpt_and_related_products(client, factories, make_product):
    producer = factories.producer(name="HTX Phúc Sen", kind="coop_group")
    producer.content = {"vi": {"excerpt": "Làng rèn của người Nùng An.", "story": "Chuyện dài."}}
    product = make_product(name="Dao rèn", producer=producer, category="luu-niem-noi-that-trang-tri")
    make_product(name="Búa rèn", producer=producer, category="luu-niem-noi-that-trang-tri")
    make_product(name="Rượu mạnh cùng nhà", producer=producer, category="ruou", abv=40)
    make_product(name="Hương nơi khác", category="luu-niem-noi-that-trang-tri")
    db.session.commit()
    html = text(client.get(f"/vi/products/{product.slug}"))
    assert "Làng rèn của người Nùng An." in html and "Tổ hợp tác" in html
    related = html.split('id="related-heading"', 1)[1]
    assert "Búa rèn" in related and "Hương nơi khác" in related
    assert "Rượu mạnh cùng nhà" not in related  # spirits are never recommended


def test_experience_is_booked_not_bought(client, make_product):
    stay = make_product(name="Homestay làng đá", category="du-lich")
    db.session.commit()
    html = text(client.get(f"/en/products/{stay.slug}"))
    assert "In stock" not in html


# --- the home page ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_home_features_products_groups_producers_and_places(client, factories, make_product, lang):
    place = factories.locality("Xã Trùng Khánh")
    producer = factories.producer(name="HTX Hạt dẻ", locality=place)
    make_product(name="Hạt dẻ nổi bật", producer=producer, stars=4)
    make_product(name="Rượu ngô nặng", category="ruou", abv=35, stars=4)
    make_product(name="Rượu nhẹ", category="ruou", abv=12)
    db.session.commit()
    page = client.get(f"/{lang}/")
    assert page.status_code == 200
    html = text(page)
    featured = html.split('id="featured-heading"', 1)[1].split("</section>", 1)[0]
    assert "Hạt dẻ nổi bật" in featured
    assert "Rượu ngô nặng" not in html  # ABV ≥ 15: never in a featured slot
    assert ("Thảo dược" if lang == "vi" else "Herbal products") in html
    assert f'/{lang}/products?category=du-lich' in html
    assert "HTX Hạt dẻ" in html
    assert "Xã Trùng Khánh" in html and f"/{lang}/places/{place.slug}" in html  # the place page
