"""The one home of prices: every card, cart, checkout and payment line gets its price here.

A unit's price at a moment is its base price less the single best discount among the campaigns
running then that cover it (and the campaign of the coupon entered, if any): no stacking.
A discount is rounded half-up to the đồng, at most 50% of the base price (100% in a
concentrated programme), never more than the price. Liquor of 15% ABV or more is never
discounted (Law 44/2019 art. 5). A producer-funded campaign applies to a producer's products
only while a member of that producer has accepted it.

`prices_for()` prices a batch in one query; `price_for()` is the one-product form;
`current_price_sql()` is the same rule as SQL for sorting and filtering by the price a shopper
pays now (the tests hold the two to the same answers).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Iterable

from sqlalchemy import Select, and_, bindparam, case, exists, func, or_, select

from ..catalog import alcohol
from ..catalog.models import Product
from ..extensions import db
from ..types import UTCDateTime, utcnow
from .models import Campaign, CampaignProducer, CampaignProduct, Coupon

LEGAL_CAP_PERCENT = 50  # Decree 81/2018 art. 7 as amended by Decree 128/2024


@dataclass(frozen=True)
class Price:
    """What a unit costs at a moment, and why."""

    base: int
    final: int
    discount: int = 0
    campaign: Campaign | None = None
    funded_by: str | None = None
    ends_at: datetime | None = None
    coupon: Coupon | None = None  # set when the discount came from the coupon entered

    @property
    def discounted(self) -> bool:
        return self.discount > 0

    @property
    def percent_off(self) -> int:
        """The discount as a whole percent of the base price, rounded half-up (for a badge)."""
        return (self.discount * 200 + self.base) // (self.base * 2) if self.base > 0 else 0


def legal_cap(base: int, concentrated: bool) -> int:
    """The largest discount the law allows on a unit of this base price."""
    return base if concentrated else base * LEGAL_CAP_PERCENT // 100


def unit_discount(base: int, kind: str, value: int, concentrated: bool = False) -> int:
    """A campaign's discount on one unit: rounded half-up, within the legal cap and the price."""
    if base <= 0 or value <= 0:
        return 0
    raw = (base * value + 50) // 100 if kind == "percent" else value
    return max(0, min(raw, legal_cap(base, concentrated), base))


def coupon_open(coupon: Coupon, campaign: Campaign, at: datetime) -> bool:
    """Whether a coupon's dates (default: its campaign's) hold at a moment."""
    start = coupon.valid_from or campaign.starts_at
    end = coupon.valid_until or campaign.ends_at
    return start <= at < end


def price_for(product, at: datetime | None = None, coupon: Coupon | None = None) -> Price:
    """The unit price of one product at a moment (default: now), with the coupon entered if any."""
    return prices_for([product], at, coupon)[product.id]


def prices_for(products: Iterable, at: datetime | None = None, coupon: Coupon | None = None) -> dict[int, Price]:
    """Prices of many products at one moment, keyed by product id, in one query."""
    at = at or utcnow()
    products = {p.id: p for p in products}
    offers = _offers(list(products), at, coupon) if products else {}
    return {pid: _best(product, offers.get(pid, ()), at, coupon) for pid, product in products.items()}


def campaign_prices(products: Iterable, campaign: Campaign) -> dict[int, Price]:
    """Each product's price under one campaign alone, whenever it runs (its landing page).

    The liquor ban and the legal cap hold as in prices_for(); other campaigns and the campaign's
    dates are not considered (what a shopper pays now is prices_for()).
    """
    return {p.id: _best(p, [campaign], campaign.starts_at, None) for p in products}


def next_price_change_after(at: datetime) -> datetime | None:
    """The next moment after `at` when a campaign starts or ends by itself, so that prices shown
    now may change (None when none is scheduled). Pausing, resuming or editing a campaign is a
    change made by someone, not by the clock."""
    active = Campaign.status == "active"
    starts = select(func.min(Campaign.starts_at)).where(active, Campaign.starts_at > at).scalar_subquery()
    ends = select(func.min(Campaign.ends_at)).where(active, Campaign.ends_at > at).scalar_subquery()
    first_start, first_end = db.session.execute(select(starts, ends)).one()
    moments = [m for m in (first_start, first_end) if m is not None]
    return min(moments) if moments else None


def applies_clause() -> object:
    """SQL: the campaign applies to the product (both joined): office-funded, or the product's
    producer has accepted it and not left."""
    return _funder_ok()


def _offers(product_ids: list[int], at: datetime, coupon: Coupon | None) -> dict[int, list[Campaign]]:
    """Running campaigns covering each product (producer opt-in and coupon checked in SQL)."""
    values = {"product_ids": product_ids, "at": at, "coupon_id": coupon.id if coupon is not None else -1}
    found: dict[int, list[Campaign]] = {}
    for product_id, campaign in db.session.execute(_offers_statement(), values):
        found.setdefault(product_id, []).append(campaign)
    return found


@lru_cache(maxsize=1)
def _offers_statement() -> Select:
    """Built once with bound values: every card list prices through it, and building and keying the
    statement anew cost more than its SQL (bench/README.md)."""
    return (
        select(CampaignProduct.product_id, Campaign)
        .join(Campaign, Campaign.id == CampaignProduct.campaign_id)
        .join(Product, Product.id == CampaignProduct.product_id)
        .outerjoin(Coupon, Coupon.campaign_id == Campaign.id)
        .where(CampaignProduct.product_id.in_(bindparam("product_ids", expanding=True)),
               _running(bindparam("at", type_=UTCDateTime)), _funder_ok(),
               or_(Coupon.id.is_(None), Coupon.id == bindparam("coupon_id")))
    )


def _running(at) -> object:
    return and_(Campaign.status == "active", Campaign.starts_at <= at, Campaign.ends_at > at)


def _funder_ok() -> object:
    """Office-funded, or the product's producer has accepted and not left (correlated to Product).

    Correlated explicitly: in current_price_sql() the product is two levels up, out of reach of
    automatic correlation (which would add its own `products` and ask "any product's producer")."""
    accepted = exists().where(
        CampaignProducer.campaign_id == Campaign.id, CampaignProducer.producer_id == Product.producer_id,
        CampaignProducer.accepted_at.is_not(None), CampaignProducer.left_at.is_(None)
    ).correlate_except(CampaignProducer)
    return or_(Campaign.funded_by == "office", accepted)


def _best(product, campaigns: Iterable[Campaign], at: datetime, coupon: Coupon | None) -> Price:
    base = int(product.price or 0)
    best: Price = Price(base=base, final=base)
    if not alcohol.may_promote(product):
        return best
    for campaign in campaigns:
        is_coupon = coupon is not None and coupon.campaign_id == campaign.id
        if is_coupon and not coupon_open(coupon, campaign, at):
            continue
        discount = unit_discount(base, campaign.discount_kind, campaign.discount_value, campaign.concentrated)
        if _better(discount, campaign, best):
            best = Price(base=base, final=base - discount, discount=discount, campaign=campaign,
                         funded_by=campaign.funded_by, ends_at=campaign.ends_at,
                         coupon=coupon if is_coupon else None)
    return best


def _better(discount: int, campaign: Campaign, best: Price) -> bool:
    """A larger discount wins; on a tie the campaign ending first, then the older one (stable)."""
    if discount <= 0 or discount < best.discount:
        return False
    if discount > best.discount or best.campaign is None:
        return True
    return (campaign.ends_at, campaign.id) < (best.campaign.ends_at, best.campaign.id)


# --- the same rule in SQL ----------------------------------------------------------------

PRICE_AT = bindparam("price_at", callable_=utcnow, type_=UTCDateTime)


def _discount_sql() -> object:
    base = Product.price
    raw = case((Campaign.discount_kind == "percent", (base * Campaign.discount_value + 50) // 100),
               else_=Campaign.discount_value)
    cap = case((Campaign.concentrated.is_(True), base), else_=base * LEGAL_CAP_PERCENT // 100)
    return case((raw < cap, raw), else_=cap)


def discounted_prices(at: datetime | None = None) -> dict[int, int]:
    """Products a shopper pays less for now than their base price (no coupon), with that price.

    One query over the running campaigns' products only (search re-prices its hits with it).
    """
    at = at or utcnow()
    price = current_price_sql(at)
    running = (select(CampaignProduct.product_id)
               .join(Campaign, Campaign.id == CampaignProduct.campaign_id).where(_running(at)))
    stmt = select(Product.id, price).where(Product.id.in_(running), price < Product.price)
    return {product_id: int(final) for product_id, final in db.session.execute(stmt)}


def current_price_sql(at=PRICE_AT):
    """The price a shopper pays now (no coupon) as a column correlated to Product.

    `at` defaults to a bind evaluated when the statement runs, so cached statements stay right.
    The per-product subquery runs only for products of a campaign running then (one list,
    worked out once per statement): a price over the whole catalog (its facet counts, a price
    sort) otherwise cost a subquery for every product, most of which no campaign covers.
    """
    covered = (select(CampaignProduct.product_id)
               .join(Campaign, Campaign.id == CampaignProduct.campaign_id).where(_running(at))
               .correlate(None))  # never tied to a campaign of the enclosing query
    best = (
        select(func.min(Product.price - _discount_sql()))
        .select_from(CampaignProduct)
        .join(Campaign, Campaign.id == CampaignProduct.campaign_id)
        .outerjoin(Coupon, Coupon.campaign_id == Campaign.id)
        .where(CampaignProduct.product_id == Product.id, _running(at), _funder_ok(), Coupon.id.is_(None),
               or_(Product.abv.is_(None), Product.abv < alcohol.PROMOTION_BAN_ABV))
        .correlate(Product)
        .scalar_subquery()
    )
    return case((Product.id.in_(covered), func.coalesce(best, Product.price)), else_=Product.price)
