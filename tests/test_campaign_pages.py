"""Campaigns on the storefront: the landing page, the home page's banner and shelf, the struck
price with the offer's end on cards and the product page, the sitemap, order emails."""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from PIL import Image

from ocop_shop import storage
from ocop_shop.extensions import db
from ocop_shop.promotions.models import CampaignBanner

NOW = datetime.now(timezone.utc)


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _banner(campaign, lang, alt):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 400), (43, 58, 103)).save(buffer, "PNG")
    stored = storage.save_image(buffer.getvalue())
    banner = CampaignBanner(campaign_id=campaign.id, lang=lang, key=stored.key, width=stored.width,
                            height=stored.height, alt={lang: alt})
    db.session.add(banner)
    return banner


@pytest.fixture
def chestnuts(factories):
    return factories.product(name="Hạt dẻ Trùng Khánh", price=200_000)


def test_running_campaign_page_shows_name_dates_discount_rule_and_campaign_prices(client, factories, chestnuts):
    campaign = factories.campaign(chestnuts, percent=20, slug="mua-hat-de",
                                  starts_at=datetime(2026, 1, 1, 17, 0, tzinfo=timezone.utc),
                                  ends_at=NOW + timedelta(days=3))
    campaign.content = {"vi": {"name": "Mùa hạt dẻ", "description": "Hạt dẻ mới về."},
                        "en": {"name": "Chestnut season", "description": "New chestnuts."}}
    _banner(campaign, "vi", "Hạt dẻ rang trên bếp")
    db.session.commit()
    html = _page(client, "/vi/campaigns/mua-hat-de")
    assert "<h1>Mùa hạt dẻ</h1>" in html and "Hạt dẻ mới về." in html
    assert "Đang diễn ra" in html
    assert "<dd>00:00 2/1/26</dd>" in html  # the start in Việt Nam time (17:00 UTC the day before)
    assert "Giảm 20%" in html
    assert "Khuyến mại thông thường" in html  # the rule label of promotions.law
    assert 'alt="Hạt dẻ rang trên bếp"' in html
    assert "<del" in html and "160.000" in html and "200.000" in html
    english = _page(client, "/en/campaigns/mua-hat-de")
    assert "Chestnut season" in english and "20% off" in english and "On now" in english
    assert "Normal promotion" in english
    assert 'alt="Hạt dẻ rang trên bếp"' in english  # no English banner: the Vietnamese one


def test_scheduled_campaign_says_when_it_starts_and_shows_its_future_price(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=10, slug="sap-toi", starts_at=NOW + timedelta(days=2),
                       ends_at=NOW + timedelta(days=9))
    db.session.commit()
    html = _page(client, "/vi/campaigns/sap-toi")
    assert "Bắt đầu" in html
    assert "<del" not in html  # nothing is discounted yet
    assert "180.000" in html  # the price it will have


def test_paused_campaign_says_paused_and_shows_full_prices(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=20, slug="tam-dung", status="paused")
    db.session.commit()
    html = _page(client, "/vi/campaigns/tam-dung")
    assert "tạm dừng" in html
    assert "<del" not in html and "160.000" not in html and "200.000" in html


def test_ended_campaign_page_stays_up_saying_it_ended_at_full_price(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=20, slug="da-xong", starts_at=NOW - timedelta(days=10),
                       ends_at=NOW - timedelta(days=1))
    factories.campaign(chestnuts, percent=20, slug="ket-thuc-som", status="ended")
    db.session.commit()
    for slug in ("da-xong", "ket-thuc-som"):
        html = _page(client, f"/vi/campaigns/{slug}")
        assert "đã kết thúc" in html
        assert "<del" not in html and "200.000" in html
    assert "This campaign ended" in _page(client, "/en/campaigns/da-xong")


def test_draft_and_unknown_campaigns_are_not_found(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=20, slug="ban-nhap", status="draft")
    db.session.commit()
    assert client.get("/vi/campaigns/ban-nhap").status_code == 404
    assert client.get("/vi/campaigns/khong-co").status_code == 404


def test_coupon_campaign_says_with_code_and_the_price_with_it(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=25, slug="co-ma", coupon="HATDE25")
    db.session.commit()
    html = _page(client, "/vi/campaigns/co-ma")
    assert "với mã HATDE25" in html
    assert "150.000" in html  # the price with the code
    assert "<del" not in html  # without the code the card is at full price


def test_liquor_never_appears_and_skipped_liquor_is_said(client, factories, chestnuts):
    spirit = factories.product(name="Rượu ngô Cải Vân", abv=39, price=150_000)
    campaign = factories.campaign(chestnuts, spirit, percent=20, slug="do-uong", skipped_liquor=2)
    db.session.commit()
    with client.session_transaction() as session:
        session["age_declared"] = True
    html = _page(client, f"/vi/campaigns/{campaign.slug}")
    assert "Hạt dẻ Trùng Khánh" in html
    assert "Rượu ngô Cải Vân" not in html
    assert "2 loại rượu từ 15% trở lên" in html


def test_producer_funded_campaign_lists_only_producers_taking_part(client, factories, chestnuts):
    other = factories.product(name="Miến dong Phja Đén", price=50_000)
    campaign = factories.campaign(chestnuts, other, percent=10, funded_by="producer", slug="nha-san-xuat")
    factories.producer_accepts(campaign, chestnuts.producer)
    db.session.commit()
    html = _page(client, "/vi/campaigns/nha-san-xuat")
    assert "Hạt dẻ Trùng Khánh" in html and "Miến dong Phja Đén" not in html


# --- home page -------------------------------------------------------------------------


def test_home_shows_running_campaigns_banner_and_a_shelf_without_spirits(client, factories, chestnuts):
    spirit = factories.product(name="Rượu ngô Cải Vân", abv=39, price=150_000, category="ruou")
    full = factories.product(name="Trà giảo cổ lam", price=90_000)
    running = factories.campaign(chestnuts, spirit, percent=20, slug="tet")
    running.content = {"vi": {"name": "Tết sum vầy"}, "en": {"name": "Tết together"}}
    _banner(running, "vi", "Mâm ngũ quả ngày Tết")
    _banner(running, "en", "A Tết fruit tray")
    factories.campaign(full, percent=20, slug="sap-toi", starts_at=NOW + timedelta(days=1),
                       ends_at=NOW + timedelta(days=5))
    db.session.commit()
    with client.session_transaction() as session:
        session["age_declared"] = True
    html = _page(client, "/vi/")
    campaigns = html.split('id="campaigns-heading"', 1)[1].split("</section>", 1)[0]
    assert "Tết sum vầy" in campaigns and 'href="/vi/campaigns/tet"' in campaigns
    assert 'alt="Mâm ngũ quả ngày Tết"' in campaigns and "Giảm 20%" in campaigns
    assert "sap-toi" not in campaigns  # not started yet
    shelf = html.split('id="on-offer-heading"', 1)[1].split("</section>", 1)[0]
    assert "Hạt dẻ Trùng Khánh" in shelf and "160.000" in shelf
    assert "Rượu ngô Cải Vân" not in html and "Trà giảo cổ lam" not in shelf
    english = _page(client, "/en/")
    assert 'alt="A Tết fruit tray"' in english and "Tết together" in english


def test_home_has_no_campaign_sections_when_nothing_runs(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=20, status="paused")
    db.session.commit()
    html = _page(client, "/vi/")
    assert 'id="campaigns-heading"' not in html and 'id="on-offer-heading"' not in html


# --- cards and the product page ------------------------------------------------------------


@pytest.mark.parametrize("lang, ends, was, now", [
    ("vi", "Ưu đãi đến 23:59 31/12/", "200.000", "160.000"),
    ("en", "Offer ends 12/31/", "₫200,000", "₫160,000"),
])
def test_card_and_product_page_strike_the_old_price_and_say_when_the_offer_ends(
        client, factories, chestnuts, lang, ends, was, now):
    year = NOW.year + 1
    factories.campaign(chestnuts, percent=20, slug="cuoi-nam",
                       ends_at=datetime(year, 12, 31, 16, 59, tzinfo=timezone.utc))  # 23:59 in Việt Nam
    db.session.commit()
    card = _page(client, f"/{lang}/products").split('class="product-card', 1)[1].split("</article>", 1)[0]
    page = _page(client, f"/{lang}/products/{chestnuts.slug}")
    for html in (card, page):
        assert f'<del class="price-base">' in html and was in html.split("<del", 1)[1].split("</del>", 1)[0]
        assert now in html.split('class="price-final"', 1)[1][:40]
        assert "−20%" in html
        assert ends + str(year)[2:] in html
    assert ("Tiết kiệm 40.000" if lang == "vi" else "You save ₫40,000") in page
    assert f'href="/{lang}/campaigns/cuoi-nam"' in page


# --- sitemap -------------------------------------------------------------------------------


def test_sitemap_lists_public_campaign_pages_in_both_languages(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=20, slug="dang-chay")
    factories.campaign(chestnuts, percent=20, slug="ket-thuc", status="ended")
    factories.campaign(chestnuts, percent=20, slug="nhap", status="draft")
    db.session.commit()
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    for slug in ("dang-chay", "ket-thuc"):
        assert f"/vi/campaigns/{slug}</loc>" in xml and f"/en/campaigns/{slug}</loc>" in xml
        assert f'hreflang="en" href="http://' in xml
    assert "/campaigns/nhap" not in xml


# --- order emails and the order page -----------------------------------------------------------


def test_order_email_and_page_show_the_discount_per_line(client, factories, chestnuts):
    from sqlalchemy import select

    from ocop_shop.mail import OutboxEmail
    from ocop_shop.orders.emails import queue_confirmation
    from ocop_shop.orders.queries import guest_path

    plain = factories.product(name="Miến dong Phja Đén", price=50_000)
    factories.campaign(chestnuts, percent=20)
    order = factories.order((chestnuts, 2), (plain, 1))
    queue_confirmation(order)  # as checkout does once the order is placed
    db.session.commit()
    email = db.session.scalars(select(OutboxEmail).where(OutboxEmail.kind == "order_confirmation")).one()
    assert "Giá 200.000\u00a0₫/sản phẩm, giảm 40.000\u00a0₫/sản phẩm" in email.text
    assert email.text.count("giảm") == 1  # the full-price line says nothing
    assert "320.000" in email.text
    assert "<del" in email.html and "400.000" in email.html and "giảm 40.000" in email.html
    html = _page(client, guest_path(order))
    assert "giảm 40.000" in html and "<del" in html and "400.000" in html


def test_home_leaves_out_a_producer_funded_campaign_no_producer_joined(client, factories, chestnuts):
    factories.campaign(chestnuts, percent=20, funded_by="producer", slug="cho-nha-san-xuat")
    db.session.commit()
    html = _page(client, "/vi/")
    assert "cho-nha-san-xuat" not in html and 'id="on-offer-heading"' not in html


# --- the sample campaign of the demo data ---------------------------------------------------


def test_seed_adds_one_running_sample_campaign_on_noodles_without_liquor(client, factories):
    from sqlalchemy import select

    from ocop_shop.promotions.models import Campaign, CampaignProduct
    from ocop_shop.seed.promotions import SLUG, seed_promotions
    from ocop_shop.timeutil import local_today

    noodles = factories.product(name="Miến dong mẫu", category="mien-bun", price=60_000)
    odd = factories.product(name="Rượu miến", category="mien-bun", price=60_000, abv=30)  # a broad scope skips it
    factories.product(name="Hạt dẻ mẫu", category="hat-qua")
    assert seed_promotions(local_today()) == 1
    assert seed_promotions(local_today()) == 0  # keyed by slug: nothing added again
    db.session.commit()
    campaign = db.session.scalar(select(Campaign).where(Campaign.slug == SLUG))
    assert campaign.is_sample and campaign.status == "active" and campaign.running(NOW)
    assert "(mẫu)" in campaign.text("name", "vi") and "(sample)" in campaign.text("name", "en")
    assert set(db.session.scalars(select(CampaignProduct.product_id).where(
        CampaignProduct.campaign_id == campaign.id))) == {noodles.id}
    assert campaign.skipped_liquor == 1 and odd.id
    home = _page(client, "/vi/")
    assert f'href="/vi/campaigns/{SLUG}"' in home and "51.000" in home
    assert 'alt="Tranh minh họa: tên chương trình' in home  # its banner, drawn locally
    assert 'alt="Illustration: the promotion' in _page(client, f"/en/campaigns/{SLUG}")
