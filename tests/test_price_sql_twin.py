"""The SQL twin of the price (current_price_sql: price sorting, price filters, the discounted shelf,
search's re-pricing) honours a producer-funded campaign's opt-in per product, as prices_for does."""
from __future__ import annotations

from ocop_shop.extensions import db
from ocop_shop.promotions import pricing


def test_producer_funded_campaign_discounts_only_accepting_producers_products(factories):
    joined, other = factories.producer(), factories.producer()
    accepted = factories.product(producer=joined, price=100_000)
    not_accepted = factories.product(producer=other, price=100_000)
    campaign = factories.campaign(accepted, not_accepted, percent=20, funded_by="producer")
    factories.producer_accepts(campaign, joined)
    db.session.commit()

    in_python = pricing.prices_for([accepted, not_accepted])
    assert in_python[accepted.id].final == 80_000
    assert in_python[not_accepted.id].final == 100_000
    assert pricing.discounted_prices() == {accepted.id: 80_000}


def test_producer_funded_campaign_nobody_accepted_discounts_nothing(factories):
    product = factories.product(price=100_000)
    factories.campaign(product, percent=20, funded_by="producer")
    db.session.commit()

    assert pricing.prices_for([product])[product.id].final == 100_000
    assert pricing.discounted_prices() == {}
