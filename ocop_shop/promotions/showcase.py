"""What the storefront shows of campaigns: the running ones (home page), a campaign's landing
page and its products, and the shelf of products discounted now.

Prices come from `pricing` only; liquor of 15% ABV or more never appears (the resolved lists hold
none, and `alcohol.may_promote` is applied to the rows again as a defence).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.orm import selectinload

from ..catalog import alcohol
from ..catalog.card_records import ProductCard
from ..catalog.cards import cards, cards_statement
from ..catalog.models import Product
from ..catalog.queries import public_products
from ..extensions import db
from ..types import utcnow
from . import pricing
from .models import Campaign, CampaignBanner, CampaignProduct

PUBLIC_STATUSES = ("active", "paused", "ended")  # a draft has no public page
SHELF_SIZE = 8
CAMPAIGN_PAGE_LIMIT = 200  # a landing page lists at most this many products (the catalog has the rest)


@dataclass(frozen=True)
class Landing:
    """A campaign's public page: the campaign, its state now, banner and products."""

    campaign: Campaign
    state: str  # running | scheduled | paused | ended
    banner: CampaignBanner | None
    products: list[ProductCard]
    campaign_prices: dict[int, pricing.Price]  # each product under this campaign (its own discount)


def campaign_state(campaign: Campaign, at: datetime) -> str:
    """running, scheduled, paused or ended, as a shopper should read it at a moment."""
    if campaign.status == "ended" or campaign.ends_at <= at:
        return "ended"
    if campaign.status == "paused":
        return "paused"
    return "running" if campaign.starts_at <= at else "scheduled"


def banner_for(campaign: Campaign, lang: str) -> CampaignBanner | None:
    """The banner in the page's language, else the Vietnamese one (banners must be loaded)."""
    by_lang = {banner.lang: banner for banner in campaign.banners}
    return by_lang.get(lang) or by_lang.get("vi")


def running_campaigns(at: datetime | None = None) -> list[Campaign]:
    """Campaigns running now that apply to something promotable (a producer-funded one: once a
    producer takes part), with banners and coupon (home page)."""
    return list(db.session.scalars(_running_statement(), {"at": at or utcnow()}))


@lru_cache(maxsize=1)
def _running_statement() -> Select:
    at = bindparam("at")
    covers_promotable = (select(CampaignProduct.product_id)
                         .join(Product, Product.id == CampaignProduct.product_id)
                         .where(CampaignProduct.campaign_id == Campaign.id, _promotable(),
                                pricing.applies_clause())
                         .exists())
    return (select(Campaign)
            .where(Campaign.status == "active", Campaign.starts_at <= at, Campaign.ends_at > at,
                   covers_promotable)
            .options(selectinload(Campaign.banners), selectinload(Campaign.coupon))
            .order_by(Campaign.ends_at, Campaign.id))


def discounted_shelf(limit: int = SHELF_SIZE) -> list[ProductCard]:
    """Public products a shopper pays less for now, largest discount first; never spirits."""
    products = cards(_shelf_statement(), {}, limit * 2)
    return [p for p in products if alcohol.may_promote(p)][:limit]


@lru_cache(maxsize=1)
def _shelf_statement() -> Select:
    now_price = pricing.current_price_sql()
    stmt = public_products().where(_promotable(), now_price < Product.price)
    return cards_statement(stmt, ((Product.price - now_price).desc(), Product.id.desc()))


def landing(slug: str, lang: str, at: datetime | None = None) -> Landing | None:
    """A campaign's public page by slug (None: unknown or a draft)."""
    at = at or utcnow()
    campaign = db.session.scalars(
        select(Campaign).where(Campaign.slug == slug, Campaign.status.in_(PUBLIC_STATUSES))
        .options(selectinload(Campaign.banners), selectinload(Campaign.coupon))).one_or_none()
    if campaign is None:
        return None
    products = [p for p in cards(_landing_statement(), {"campaign_id": campaign.id}, CAMPAIGN_PAGE_LIMIT)
                if alcohol.may_promote(p)]
    return Landing(campaign=campaign, state=campaign_state(campaign, at), banner=banner_for(campaign, lang), products=products,
                   campaign_prices=pricing.campaign_prices(products, campaign))


@lru_cache(maxsize=1)
def _landing_statement() -> Select:
    """The campaign's products the public may see and it applies to (a producer-funded
    campaign: the producers taking part), in the order of their slugs."""
    stmt = (public_products()
            .join(CampaignProduct, CampaignProduct.product_id == Product.id)
            .join(Campaign, Campaign.id == CampaignProduct.campaign_id)
            .where(CampaignProduct.campaign_id == bindparam("campaign_id"), _promotable(),
                   pricing.applies_clause()))
    return cards_statement(stmt, (Product.slug.asc(), Product.id.asc()))


def _promotable():
    """SQL twin of alcohol.may_promote."""
    return or_(Product.abv.is_(None), Product.abv < alcohol.PROMOTION_BAN_ABV)
