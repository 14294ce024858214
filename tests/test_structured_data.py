"""JSON-LD and share cards: product pages (Product, Offer, BreadcrumbList), producer pages
(Organization), checked against the table in tests/seo_head.py; never any for spirits."""
from datetime import date, timedelta

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.timeutil import local_today

from .seo_head import SCHEMA, problems, read_head

BASE = "http://localhost"


def _head(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return read_head(response.get_data(as_text=True))


def _blocks(head, kind):
    return [block for block in head.json_ld if block.get("@type") == kind]


def _valid(head):
    for block in head.json_ld:
        assert block.get("@context") == SCHEMA
        assert problems(block, BASE) == [], problems(block, BASE)


def _licensed(make_producer):
    return make_producer(alcohol_licence_number="01/GP-SCT", alcohol_licence_expires_on=local_today() + timedelta(days=400))


def test_product_page_describes_the_product_its_offer_and_its_place_in_the_catalog(client, factories):
    product = factories.product(name="Miến dong Phja Đén", price=85_000, stock=4, stars=4)
    factories.product_image(product)
    slug, producer_slug = product.slug, product.producer.slug
    db.session.commit()
    for lang in ("vi", "en"):
        head = _head(client, f"/{lang}/products/{slug}")
        _valid(head)
        [item] = _blocks(head, "Product")
        assert item["name"] == "Miến dong Phja Đén"
        assert item["url"] == f"{BASE}/vi/products/{slug}".replace("/vi/", f"/{lang}/")
        assert item["image"][0].startswith(f"{BASE}/media/")
        offer = item["offers"]
        assert offer["price"] == 85_000 and offer["priceCurrency"] == "VND"
        assert offer["availability"] == f"{SCHEMA}/InStock"
        assert offer["seller"] == {"@type": "Organization", "name": item["brand"]["name"],
                                   "url": f"{BASE}/{lang}/producers/{producer_slug}"}
        [trail] = _blocks(head, "BreadcrumbList")
        steps = trail["itemListElement"]
        assert [s["position"] for s in steps] == [1, 2, 3]
        assert steps[0]["item"] == f"{BASE}/{lang}/" and steps[1]["item"] == f"{BASE}/{lang}/products?category=thuc-pham"
        assert steps[2]["item"] == item["url"]


def test_offer_shows_the_price_paid_now_and_the_stock_state(client, factories):
    product = factories.product(price=100_000, stock=0)
    factories.product_image(product)
    campaign = factories.campaign(product, percent=20)
    slug, ends = product.slug, campaign.ends_at
    db.session.commit()
    offer = _blocks(_head(client, f"/vi/products/{slug}"), "Product")[0]["offers"]
    assert offer["price"] == 80_000
    assert offer["availability"] == f"{SCHEMA}/OutOfStock"
    assert offer["priceValidUntil"] == local_today(ends).isoformat()


def test_certificate_is_a_property_only_while_valid_and_a_demo_one_says_sample(client, factories):
    valid = factories.product(stars=5)
    expired = factories.product(stars=4, expires_on=date(2024, 1, 1))
    factories.product_image(valid)
    factories.product_image(expired)
    valid_slug, expired_slug = valid.slug, expired.slug
    db.session.commit()
    [rating] = _blocks(_head(client, f"/en/products/{valid_slug}"), "Product")[0]["additionalProperty"]
    assert rating["@type"] == "PropertyValue" and rating["propertyID"] == "OCOP" and rating["value"] == 5
    assert rating["description"].startswith("Sample certificate DEMO-")
    assert rating["url"].startswith(f"{BASE}/en/verify/")
    assert "additionalProperty" not in _blocks(_head(client, f"/en/products/{expired_slug}"), "Product")[0]


def test_product_page_has_share_cards_with_its_picture(client, factories):
    product = factories.product(name="Hạt dẻ Trùng Khánh")
    factories.product_image(product)
    slug = product.slug
    db.session.commit()
    head = _head(client, f"/en/products/{slug}")
    assert head.meta["og:type"] == "product" and head.meta["og:locale"] == "en_US"
    assert head.meta["og:locale:alternate"] == "vi_VN"
    assert head.meta["og:url"] == head.canonical == f"{BASE}/en/products/{slug}"
    assert head.meta["og:image"].startswith(f"{BASE}/media/") and head.meta["og:image"].endswith(".webp")
    assert int(head.meta["og:image:width"]) <= 1200
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:title"].startswith("Hạt dẻ Trùng Khánh")


def test_spirits_get_no_structured_data_and_no_share_cards(client, factories, make_producer):
    spirit = factories.product(name="Rượu ngô Cải Vân", category="ruou", abv=39, producer=_licensed(make_producer), stars=4)
    factories.product_image(spirit)
    slug = spirit.slug
    db.session.commit()
    gate = _head(client, f"/vi/products/{slug}")  # the age gate
    assert gate.json_ld == [] and not any(k.startswith(("og:", "twitter:")) for k in gate.meta)
    with client.session_transaction() as session:
        session["age_declared"] = True
    head = _head(client, f"/vi/products/{slug}")
    assert "Rượu ngô Cải Vân" in head.title
    assert head.json_ld == []
    assert not any(k.startswith(("og:", "twitter:")) for k in head.meta)
    assert head.meta["robots"] == "noindex"


def test_a_light_drink_keeps_its_cards_once_declared(client, factories, make_producer):
    """Below 15% ABV the promotion ban does not apply: the page may be shared."""
    wine = factories.product(name="Rượu mơ nhẹ", category="ruou", abv=12, producer=_licensed(make_producer))
    factories.product_image(wine)
    slug = wine.slug
    db.session.commit()
    with client.session_transaction() as session:
        session["age_declared"] = True
    head = _head(client, f"/vi/products/{slug}")
    _valid(head)
    assert _blocks(head, "Product") and "og:image" in head.meta


def test_a_product_without_a_photo_has_breadcrumbs_only(client, factories):
    """Search engines refuse a Product without an image: better none than an invalid one."""
    slug = factories.product(name="Chưa có ảnh").slug
    db.session.commit()
    head = _head(client, f"/vi/products/{slug}")
    assert [block["@type"] for block in head.json_ld] == ["BreadcrumbList"]
    assert head.meta["twitter:card"] == "summary" and "og:image" not in head.meta


def test_an_experience_is_booked_not_sold_so_it_has_no_offer(client, factories):
    experience = factories.experience()
    product = db.session.get(Product, experience.product_id)
    factories.product_image(product)
    slug = product.slug
    db.session.commit()
    head = _head(client, f"/vi/products/{slug}")
    _valid(head)
    assert _blocks(head, "Product") == [] and len(_blocks(head, "BreadcrumbList")) == 1


def test_producer_page_describes_the_organization(client, factories):
    place = factories.locality(name="Trùng Khánh")
    producer = factories.producer(name="HTX Hạt dẻ Bản Khay", locality=place)
    factories.product(producer=producer, name="Hạt dẻ rang")
    slug = producer.slug
    db.session.commit()
    head = _head(client, f"/en/producers/{slug}")
    _valid(head)
    [org] = _blocks(head, "Organization")
    assert org["name"] == "HTX Hạt dẻ Bản Khay" and org["url"] == f"{BASE}/en/producers/{slug}"
    assert org["address"]["addressLocality"] == "Trùng Khánh" and org["address"]["addressCountry"] == "VN"
    assert "streetAddress" not in org["address"]


def test_the_check_refuses_what_search_engines_would():
    """The table is not a formality: a string price, another currency, a missing image or seller,
    a relative URL and a gap in breadcrumb positions are all caught."""
    offer = {"@type": "Offer", "price": "85000", "priceCurrency": "USD", "availability": "InStock", "url": "/vi/x"}
    product = {"@type": "Product", "name": "x", "url": f"{BASE}/vi/x", "offers": offer}
    found = " ".join(problems(product, BASE))
    for words in ("no image", "no seller", "price: '85000'", "'USD'", "'InStock' is not a schema.org URL",
                  "'/vi/x' is not an absolute URL"):
        assert words in found
    trail = {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "a", "item": f"{BASE}/"},
        {"@type": "ListItem", "position": 3, "name": "b", "item": f"{BASE}/b"}]}
    assert problems(trail, BASE) == ["$.itemListElement: positions [1, 3], not 1..n"]
    assert problems({"@type": "Event", "name": "x"}, BASE) == ["$: type 'Event' is not one the shop uses"]
