"""robots.txt and sitemap.xml: public pages in both languages, spirits and drafts left out."""
from ocop_shop.extensions import db


def test_robots_points_to_the_sitemap_and_keeps_private_areas_out(client):
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://localhost/sitemap.xml" in text
    assert "Disallow: /vi/checkout" in text and "Disallow: /en/admin" in text


def test_sitemap_lists_public_pages_in_both_languages(client, make_product):
    food = make_product(name="Hạt dẻ Trùng Khánh")
    spirit = make_product(name="Rượu ngô Cải Vân", category="ruou", abv=39)
    draft = make_product(name="Bản nháp", status="draft")
    producer_slug = food.producer.slug
    db.session.commit()
    response = client.get("/sitemap.xml")
    xml = response.get_data(as_text=True)
    assert response.mimetype == "application/xml"
    assert f"http://localhost/vi/products/{food.slug}</loc>" in xml
    assert f"http://localhost/en/products/{food.slug}</loc>" in xml
    assert f'hreflang="x-default" href="http://localhost/vi/products/{food.slug}"' in xml
    assert f"/producers/{producer_slug}</loc>" in xml
    assert spirit.slug not in xml
    assert draft.slug not in xml
    assert "http://localhost/en/privacy</loc>" in xml
