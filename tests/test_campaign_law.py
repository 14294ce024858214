"""The promotions law as the campaign service applies it: 50%, 120 days a year, concentrated
programmes, liquor, and the scope rules (promotions/law.py, checks.py, scope.py)."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ocop_shop.catalog.models import PriceChange
from ocop_shop.extensions import db
from ocop_shop.promotions import campaigns, law
from ocop_shop.promotions.checks import CampaignInput, CouponInput
from ocop_shop.promotions.models import Campaign, CampaignProduct
from ocop_shop.timeutil import VN_TZ

UTC = timezone.utc


def vn(y, m, d, hh=0, mm=0):
    """A moment given as Việt Nam local time, in UTC."""
    return datetime(y, m, d, hh, mm, tzinfo=VN_TZ).astimezone(UTC)


def entry(*products, percent=20, amount=None, starts=None, ends=None, concentrated=False, **fields):
    fields.setdefault("scope_kind", "products")
    fields.setdefault("scope_ids", [p.id for p in products])
    return CampaignInput(name_vi=fields.pop("name_vi", "Mùa hạt dẻ"), discount_kind="amount" if amount else "percent",
                         discount_value=amount or percent, starts_at=starts or vn(2030, 9, 1),
                         ends_at=ends or vn(2030, 9, 30), concentrated=concentrated, **fields)


def refused(data, by=None):
    with pytest.raises(campaigns.CampaignRefused) as caught:
        campaigns.create(data, by)
    return {b.field: b.message for b in caught.value.breaches}


def test_a_normal_campaign_is_saved_with_its_products(factories):
    chestnut = factories.product(name="Hạt dẻ Trùng Khánh", price=180_000)
    campaign = campaigns.create(entry(chestnut), None)
    assert campaign.status == "draft" and campaign.slug == "mua-hat-de"
    assert db.session.scalars(select(CampaignProduct.product_id)
                              .where(CampaignProduct.campaign_id == campaign.id)).all() == [chestnut.id]
    assert law.rule_label(campaign) == "Khuyến mại thông thường: tối đa 50%, không quá 120 ngày/năm"


def test_slug_is_unique(factories):
    product = factories.product()
    first = campaigns.create(entry(product, starts=vn(2030, 1, 1), ends=vn(2030, 1, 5)), None)
    second = campaigns.create(entry(product, starts=vn(2030, 2, 1), ends=vn(2030, 2, 5)), None)
    assert (first.slug, second.slug) == ("mua-hat-de", "mua-hat-de-2")


def test_percent_over_half_is_refused_unless_concentrated(factories):
    product = factories.product(price=100_000)
    assert "50%" in refused(entry(product, percent=51))["discount_value"]
    assert db.session.scalar(select(func.count(Campaign.id))) == 0
    campaign = campaigns.create(entry(product, percent=100, concentrated=True), None)
    assert law.rule_label(campaign) == "Chương trình khuyến mại tập trung: tối đa 100%"


def test_fixed_amount_over_half_of_the_price_before_the_campaign_names_the_product(factories):
    cheap = factories.product(name="Miến dong", price=60_000)
    dear = factories.product(name="Hạt dẻ", price=200_000)
    message = refused(entry(cheap, dear, amount=40_000))["discount_value"]
    assert "Miến dong" in message and "Hạt dẻ" not in message
    assert "lớn hơn giá" in refused(entry(cheap, amount=70_000, concentrated=True))["discount_value"]


def test_the_price_in_force_before_the_start_comes_from_the_price_history(factories):
    product = factories.product(name="Trà", price=200_000)  # raised later; was 80,000 before the start
    db.session.add(PriceChange(product_id=product.id, price=80_000, changed_at=vn(2030, 8, 1)))
    db.session.add(PriceChange(product_id=product.id, price=200_000, changed_at=vn(2030, 9, 10)))
    db.session.flush()
    assert "Trà" in refused(entry(product, amount=50_000))["discount_value"]
    assert campaigns.create(entry(product, amount=40_000), None).id


def test_zero_or_negative_discount_and_ending_before_starting(factories):
    product = factories.product()
    assert "lớn hơn 0" in refused(entry(product, percent=0))["discount_value"]
    assert "lớn hơn 0" in refused(entry(product, amount=-5))["discount_value"]
    errors = refused(entry(product, starts=vn(2030, 9, 2), ends=vn(2030, 9, 1)))
    assert "kết thúc sau khi bắt đầu" in errors["ends_at"]


def test_days_count_across_campaigns_and_the_year_boundary():
    # 30 Dec 10:00 to 2 Jan 08:00 (Việt Nam) covers 30, 31 Dec and 1, 2 Jan.
    days = law.covered_days(vn(2030, 12, 30, 10), vn(2031, 1, 2, 8))
    assert sorted(d.isoformat() for d in days) == ["2030-12-30", "2030-12-31", "2031-01-01", "2031-01-02"]
    # ending exactly at local midnight does not touch the next day
    assert len(law.covered_days(vn(2030, 3, 1), vn(2030, 3, 3))) == 2
    # 23:30 UTC on 28 Feb is already 1 March in Việt Nam
    assert {d.isoformat() for d in law.covered_days(datetime(2030, 2, 28, 23, 30, tzinfo=UTC),
                                                    datetime(2030, 3, 1, 1, tzinfo=UTC))} == {"2030-03-01"}


def test_more_than_120_days_a_year_is_refused_naming_the_product_and_days_used(factories):
    product = factories.product(name="Hạt dẻ Trùng Khánh")
    factories.campaign(product, starts_at=vn(2030, 1, 1), ends_at=vn(2030, 3, 1))  # 59 days
    factories.campaign(product, starts_at=vn(2030, 2, 1), ends_at=vn(2030, 4, 1), status="ended")  # +31 → 90
    message = refused(entry(product, starts=vn(2030, 6, 1), ends=vn(2030, 7, 2)))["ends_at"]  # +31 → 121
    assert "Hạt dẻ Trùng Khánh" in message and "121 ngày trong năm 2030" in message and "đã dùng 90 ngày" in message
    assert campaigns.create(entry(product, starts=vn(2030, 6, 1), ends=vn(2030, 7, 1)), None).id  # exactly 120


def test_drafts_and_concentrated_programmes_do_not_count_and_a_window_counts_in_each_year(factories):
    product = factories.product()
    factories.campaign(product, starts_at=vn(2030, 1, 1), ends_at=vn(2030, 6, 1), status="draft")
    factories.campaign(product, starts_at=vn(2030, 1, 1), ends_at=vn(2030, 6, 1), concentrated=True)
    factories.campaign(product, starts_at=vn(2030, 10, 1), ends_at=vn(2031, 1, 10))  # 92 days in 2030, 9 in 2031
    assert "121 ngày trong năm 2031" in refused(entry(product, starts=vn(2031, 2, 1), ends=vn(2031, 5, 24)))["ends_at"]
    assert campaigns.create(entry(product, starts=vn(2031, 2, 1), ends=vn(2031, 5, 23)), None).id  # 9 + 111


def test_ended_early_counts_only_up_to_its_real_end(factories):
    product = factories.product()
    now = datetime.now(UTC)
    running = factories.campaign(product, starts_at=now - timedelta(days=2), ends_at=now + timedelta(days=300))
    campaigns.change_state(running, "end", running.version, None)
    assert running.status == "ended" and running.ends_at <= datetime.now(UTC)
    assert len(law.days_used([product.id])[product.id]) <= 3


def test_activating_a_draft_checks_the_days_again(factories):
    product = factories.product(name="Miến dong")
    draft = campaigns.create(entry(product, starts=vn(2030, 1, 1), ends=vn(2030, 3, 1)), None)
    factories.campaign(product, starts_at=vn(2030, 3, 1), ends_at=vn(2030, 6, 1))  # 92 days, active
    with pytest.raises(campaigns.CampaignRefused) as caught:
        campaigns.change_state(draft, "activate", draft.version, None)
    assert "Miến dong" in caught.value.breaches[0].message


def test_naming_strong_liquor_is_refused_and_a_broad_scope_skips_it(factories):
    liquor = factories.product(name="Rượu ngô Cải Vân", category="do-uong", abv=29.5)
    tea = factories.product(name="Trà", category="do-uong")
    message = refused(entry(liquor, tea))["products"]
    assert "Rượu ngô Cải Vân" in message and "Luật 44/2019" in message
    group = factories.category("do-uong")
    campaign = campaigns.create(entry(scope_kind="groups", scope_ids=[group.id]), None)
    covered = db.session.scalars(select(CampaignProduct.product_id).where(CampaignProduct.campaign_id == campaign.id))
    assert list(covered) == [tea.id] and campaign.skipped_liquor == 1


def test_unknown_and_unpublished_products_are_refused(factories):
    draft = factories.product(status="draft")
    assert f"#{draft.id}" in refused(entry(scope_ids=[draft.id, 99999]))["products"]


def test_places_include_the_places_under_them_and_stars_need_a_valid_certificate(factories):
    province = factories.locality("Cao Bằng", kind="province")
    commune = factories.locality("Xã Đàm Thủy")
    commune.parent_id = province.id
    near = factories.product(producer=factories.producer(locality=commune), stars=4)
    factories.product(stars=4, expires_on=datetime(2020, 1, 1).date())
    by_place = campaigns.create(entry(scope_kind="places", scope_ids=[province.id],
                                      starts=vn(2030, 1, 1), ends=vn(2030, 1, 5)), None)
    by_stars = campaigns.create(entry(scope_kind="stars", scope_ids=[], min_stars=4,
                                      starts=vn(2030, 2, 1), ends=vn(2030, 2, 5)), None)
    for campaign in (by_place, by_stars):
        covered = db.session.scalars(select(CampaignProduct.product_id)
                                     .where(CampaignProduct.campaign_id == campaign.id)).all()
        assert covered == [near.id]


def test_coupon_codes_are_case_insensitive_unique_and_within_the_dates(factories):
    product = factories.product()
    first = campaigns.create(entry(product, name_vi="Tết", starts=vn(2030, 1, 1), ends=vn(2030, 1, 5),
                                   coupon=CouponInput(code="Tet2030", total_cap=5)), None)
    assert first.id
    errors = refused(entry(product, starts=vn(2030, 2, 1), ends=vn(2030, 2, 5),
                           coupon=CouponInput(code="TET 2030", total_cap=-1, valid_from=vn(2030, 1, 20))))
    assert "“Tết”" in errors["coupon_code"]
    assert "ít nhất là 1" in errors["coupon_total_cap"]
    assert "trong thời gian của chương trình" in errors["coupon_valid_from"]


def test_a_stale_edit_is_refused_and_changes_nothing(factories):
    product = factories.product()
    campaign = campaigns.create(entry(product), None)
    version = campaign.version
    campaigns.update(campaign, version, entry(product, percent=30), None)
    with pytest.raises(campaigns.StaleCampaign):
        campaigns.update(campaign, version, entry(product, percent=40), None)
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).discount_value == 30


def test_a_draft_whose_end_has_passed_cannot_be_activated(factories):
    product = factories.product()
    draft = campaigns.create(entry(product, starts=vn(2020, 1, 1), ends=vn(2020, 1, 5)), None)
    with pytest.raises(campaigns.CampaignRefused) as caught:
        campaigns.change_state(draft, "activate", draft.version, None)
    assert "đã qua" in caught.value.breaches[0].message
    assert draft.status == "draft"


def test_racing_state_changes_one_wins(app, factories):
    campaign = factories.campaign(factories.product())
    db.session.commit()
    mine = db.session.get(Campaign, campaign.id)  # this page loaded version 1
    with app.app_context():  # another office tab, its own session, ends it first
        campaigns.change_state(db.session.get(Campaign, campaign.id), "end", 1, None)
        db.session.commit()
    with pytest.raises(campaigns.StaleCampaign):
        campaigns.change_state(mine, "pause", 1, None)
    db.session.rollback()
    assert db.session.get(Campaign, campaign.id).status == "ended"
