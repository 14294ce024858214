"""promotions.pricing: the one price rule, in Python and in SQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.promotions import pricing
from ocop_shop.promotions.models import Coupon

NOW = datetime(2026, 12, 3, 5, 0, tzinfo=timezone.utc)


def window(days_before=1, days_after=7):
    return dict(starts_at=NOW - timedelta(days=days_before), ends_at=NOW + timedelta(days=days_after))


def test_no_campaign_is_the_base_price(factories):
    product = factories.product(price=120_000)
    price = pricing.price_for(product, NOW)
    assert (price.base, price.final, price.discount, price.discounted) == (120_000, 120_000, 0, False)


def test_best_single_discount_wins_and_nothing_stacks(factories):
    product = factories.product(price=200_000)
    factories.campaign(product, percent=10, **window())
    best = factories.campaign(product, amount=30_000, **window())
    factories.campaign(product, percent=12, **window())
    price = pricing.price_for(product, NOW)
    assert price.discount == 30_000 and price.final == 170_000 and price.campaign.id == best.id
    assert price.funded_by == "office" and price.ends_at == best.ends_at


def test_percent_rounds_half_up_to_the_dong():
    assert pricing.unit_discount(12_345, "percent", 10) == 1_235  # 1,234.5 → 1,235
    assert pricing.unit_discount(12_344, "percent", 10) == 1_234  # 1,234.4 → 1,234
    assert pricing.unit_discount(99_999, "percent", 33) == 33_000  # 32,999.67 → 33,000


def test_discount_within_the_legal_cap_and_the_price():
    assert pricing.unit_discount(100_000, "percent", 80) == 50_000  # 50% cap outside a concentrated programme
    assert pricing.unit_discount(100_001, "percent", 50) == 50_000  # never a half đồng over 50%
    assert pricing.unit_discount(100_000, "percent", 100, concentrated=True) == 100_000
    assert pricing.unit_discount(100_000, "amount", 250_000, concentrated=True) == 100_000  # never below zero
    assert pricing.unit_discount(0, "percent", 20) == 0


def test_window_starts_inclusive_and_ends_exclusive(factories):
    product = factories.product(price=100_000)
    factories.campaign(product, percent=20, starts_at=NOW, ends_at=NOW + timedelta(hours=1))
    assert pricing.price_for(product, NOW - timedelta(microseconds=1)).discount == 0
    assert pricing.price_for(product, NOW).discount == 20_000
    assert pricing.price_for(product, NOW + timedelta(hours=1) - timedelta(microseconds=1)).discount == 20_000
    assert pricing.price_for(product, NOW + timedelta(hours=1)).discount == 0


@pytest.mark.parametrize("status", ["draft", "paused", "ended"])
def test_only_active_campaigns_count(factories, status):
    product = factories.product(price=100_000)
    factories.campaign(product, percent=20, status=status, **window())
    assert pricing.price_for(product, NOW).discount == 0


def test_strong_liquor_is_never_discounted(factories):
    liquor = factories.product(price=150_000, category="do-uong", abv=39.0)
    beer = factories.product(price=50_000, category="do-uong", abv=5.0)
    factories.campaign(liquor, beer, percent=20, **window())
    assert pricing.price_for(liquor, NOW).discount == 0
    assert pricing.price_for(beer, NOW).discount == 10_000


def test_producer_funded_applies_only_after_a_member_accepts(factories):
    product = factories.product(price=100_000)
    campaign = factories.campaign(product, percent=15, funded_by="producer", **window())
    assert pricing.price_for(product, NOW).discount == 0
    accepted = factories.producer_accepts(campaign, product.producer)
    assert pricing.price_for(product, NOW).funded_by == "producer"
    accepted.left_at = NOW
    db.session.flush()
    assert pricing.price_for(product, NOW).discount == 0


def test_a_coupon_campaign_applies_only_with_its_code_and_dates(factories):
    product = factories.product(price=100_000)
    campaign = factories.campaign(product, percent=25, coupon={"code": "TET2027", "valid_until": NOW + timedelta(hours=2)},
                                  **window())
    coupon = db.session.scalar(select(Coupon).where(Coupon.campaign_id == campaign.id))
    assert pricing.price_for(product, NOW).discount == 0
    with_code = pricing.price_for(product, NOW, coupon)
    assert with_code.discount == 25_000 and with_code.coupon is coupon
    assert pricing.price_for(product, NOW + timedelta(hours=2), coupon).discount == 0


def test_the_coupon_does_not_stack_with_a_running_campaign(factories):
    product = factories.product(price=100_000)
    factories.campaign(product, percent=30, **window())
    campaign = factories.campaign(product, percent=10, coupon="NHO10", **window())
    coupon = db.session.scalar(select(Coupon).where(Coupon.campaign_id == campaign.id))
    price = pricing.price_for(product, NOW, coupon)
    assert price.discount == 30_000 and price.coupon is None


def test_a_batch_costs_one_query(factories, count_queries):
    products = [factories.product(price=10_000 * (i + 1)) for i in range(30)]
    factories.campaign(*products[:10], percent=10, **window())
    db.session.commit()
    products = list(db.session.scalars(select(Product).where(Product.id.in_([p.id for p in products]))
                                       .order_by(Product.price)))
    with count_queries() as statements:
        prices = pricing.prices_for(products, NOW)
    assert len(statements) == 1
    assert [prices[p.id].discount for p in products[:3]] == [1_000, 2_000, 3_000]
    assert prices[products[20].id].discount == 0


def test_sql_price_agrees_with_python(factories):
    products = [factories.product(price=price) for price in (9_999, 10_001, 150_000, 33_333, 77_777)]
    liquor = factories.product(price=150_000, category="do-uong", abv=35.0)
    factories.campaign(products[0], products[1], liquor, percent=33, **window())
    factories.campaign(products[1], products[2], amount=90_000, **window())  # capped at 50%
    factories.campaign(products[3], percent=100, concentrated=True, **window())
    factories.campaign(products[4], percent=40, coupon="ONLYCODE", **window())  # needs its code
    factories.campaign(products[4], percent=45, funded_by="producer", **window())  # not accepted
    everything = products + [liquor]
    expected = {p.id: pricing.price_for(p, NOW).final for p in everything}
    rows = db.session.execute(select(Product.id, pricing.current_price_sql(NOW))
                              .where(Product.id.in_(expected))).all()
    assert dict(rows) == expected
    assert expected[products[3].id] == 0 and expected[liquor.id] == 150_000
