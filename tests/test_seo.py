"""robots.txt and sitemap.xml (public pages in both languages, spirits and drafts left out), and
what every storefront page says in its head: a canonical URL, its own title and description."""
from collections import defaultdict

from ocop_shop.extensions import db

from . import page_crawl
from .quality_world import build_quality_world
from .seo_head import problems, read_head


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


def _storefront_pages(app, monkeypatch):
    """Every storefront page an anonymous visitor reaches from the home page, per language (up to
    25 pages of one endpoint: every product, producer and place page of the world)."""
    monkeypatch.setattr(page_crawl, "PER_ENDPOINT", 25)
    anonymous = next(visit for visit in build_quality_world() if visit.who == "anonymous")
    client, reached = app.test_client(), set()
    return {lang: [page for page in page_crawl.crawl(client, "storefront", lang, anonymous.starts, reached).values()
                   if page.status == 200] for lang in page_crawl.LANGS}


def test_every_public_page_has_a_canonical_url_and_its_own_title_and_description(app, monkeypatch):
    crawled = _storefront_pages(app, monkeypatch)
    for lang, pages in crawled.items():
        endpoints = {page.endpoint for page in pages}
        assert {"catalog.product", "producers.show", "places.show", "fairs.show", "promotions.campaign",
                "catalog.products", "search.results", "experiences.index", "legal.show"} <= endpoints
        assert len(pages) > 60, [p.url for p in pages]
        titles, descriptions, faults = defaultdict(list), defaultdict(list), []
        for page in pages:
            head = read_head(page.html)
            if not (head.canonical or "").startswith(f"http://localhost/{lang}/"):
                faults.append(f"{page.url}: canonical {head.canonical!r}")
            faults += [f"{page.url}: {p}" for block in head.json_ld for p in problems(block, "http://localhost")]
            if head.meta.get("robots", "").startswith("noindex"):
                continue
            titles[head.title].append(page.url)
            descriptions[head.meta.get("description", "")].append(page.url)
        faults += [f"title {t!r} on {urls}" for t, urls in titles.items() if len(urls) > 1 or not t]
        faults += [f"description {d!r} on {urls}" for d, urls in descriptions.items() if len(urls) > 1 or not d]
        assert not faults, "\n".join(faults)


def test_filtered_and_sorted_lists_are_noindex_with_the_plain_list_as_canonical(client, make_product):
    make_product(name="Hạt dẻ", stars=4)
    db.session.commit()
    for path, canonical in (("/vi/products?sort=price_asc", "/vi/products"), ("/vi/products?stars=4", "/vi/products"),
                            ("/en/search?q=hat+de", "/en/search"), ("/en/places?show=producers", "/en/places"),
                            ("/vi/experiences?month=5", "/vi/experiences")):
        head = read_head(client.get(path).get_data(as_text=True))
        assert head.meta.get("robots") == "noindex, follow", path
        assert head.canonical == f"http://localhost{canonical}", path
    plain = read_head(client.get("/vi/products").get_data(as_text=True))
    assert "robots" not in plain.meta and plain.canonical == "http://localhost/vi/products"


def test_sitemap_lists_places_fairs_and_campaigns_in_both_languages(client, factories):
    product = factories.product(name="Miến dong")
    place = product.producer.locality
    fair = factories.fair(name="Hội chợ thử")
    campaign = factories.campaign(product, percent=10, slug="tuan-le-mien")
    slugs = (place.slug, fair.slug, campaign.slug)
    db.session.commit()
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    for lang in ("vi", "en"):
        assert f"http://localhost/{lang}/places/{slugs[0]}</loc>" in xml
        assert f"http://localhost/{lang}/fairs/{slugs[1]}</loc>" in xml
        assert f"http://localhost/{lang}/campaigns/{slugs[2]}</loc>" in xml
        assert f"http://localhost/{lang}/experiences</loc>" in xml
