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
