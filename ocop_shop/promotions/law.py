"""The promotions law, in one place (Decree 81/2018/NĐ-CP as amended by Decree 128/2024/NĐ-CP).

- A normal campaign's discount is at most 50% of the price in force just before it starts
  (the product's price at `starts_at` from its price history, else its current price).
- One product is discounted on at most 120 days per calendar year in total, across campaigns:
  the Việt Nam calendar days each campaign window covers, overlapping windows counted once, a
  window across 31 December counted in each year. Draft campaigns do not count; a campaign
  ended early counts up to its real end (ending early moves `ends_at`); concentrated
  programmes (khuyến mại tập trung) count neither their own days nor toward the limit.
- A concentrated programme may discount up to 100%, within its dates.
- Liquor of 15% ABV or more is never discounted (Law 44/2019 art. 5): `catalog.alcohol.may_promote`.

The checks return `Breach` values (the field, the rule and the products concerned); the admin
form shows them as field errors and saves nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..catalog.alcohol import PROMOTION_BAN_ABV
from ..catalog.models import PriceChange
from ..extensions import db
from ..timeutil import VN_TZ
from .models import Campaign, CampaignProduct
from .pricing import LEGAL_CAP_PERCENT

NORMAL_CAP_PERCENT = LEGAL_CAP_PERCENT
CONCENTRATED_CAP_PERCENT = 100
MAX_DAYS_PER_YEAR = 120
COUNTING_STATUSES = ("active", "paused", "ended")  # drafts do not count toward the 120 days

RULE_NORMAL = _l("Normal promotion: at most 50%, no more than 120 days a year")
RULE_CONCENTRATED = _l("Concentrated promotion programme: up to 100%")


@dataclass
class Breach:
    """One rule a campaign would break: the form field it belongs to and what to say."""

    field: str
    message: str
    products: list = field(default_factory=list)


def rule_label(campaign: Campaign) -> str:
    """Which rule applies to the campaign, in the current language (shown on its pages)."""
    return str(RULE_CONCENTRATED if campaign.concentrated else RULE_NORMAL)


def cap_percent(concentrated: bool) -> int:
    """The largest percent discount the law allows."""
    return CONCENTRATED_CAP_PERCENT if concentrated else NORMAL_CAP_PERCENT


def prices_before(products: Iterable, at: datetime) -> dict[int, int]:
    """Each product's price in force just before a moment: its last price change before then,
    else its current price (no history recorded)."""
    products = list(products)
    if not products:
        return {}
    ids = [p.id for p in products]
    latest = (select(PriceChange.product_id, func.max(PriceChange.id).label("last_id"))
              .where(PriceChange.product_id.in_(ids), PriceChange.changed_at < at)
              .group_by(PriceChange.product_id).subquery())
    rows = db.session.execute(select(PriceChange.product_id, PriceChange.price)
                              .join(latest, PriceChange.id == latest.c.last_id)).all()
    found = {product_id: price for product_id, price in rows}
    return {p.id: int(found.get(p.id, p.price or 0)) for p in products}


def discount_breaches(kind: str, value: int, concentrated: bool, products: list, starts_at: datetime) -> list[Breach]:
    """The 50% rule (100% in a concentrated programme), and never more than a product's price."""
    cap = cap_percent(concentrated)
    if kind == "percent":
        if value > cap:
            return [Breach("discount_value", _rule_50_message(concentrated))]
        return []
    before = prices_before(products, starts_at)
    over_price = [p for p in products if value > before[p.id]]
    if over_price:
        return [Breach("discount_value", _("The discount is more than the price of: %(names)s.",
                                           names=_names(over_price)), over_price)]
    over_cap = [p for p in products if value * 100 > before[p.id] * cap]
    if over_cap:
        return [Breach("discount_value", _("%(rule)s Products concerned: %(names)s.",
                                           rule=_rule_50_message(concentrated), names=_names(over_cap)),
                       over_cap)]
    return []


def _rule_50_message(concentrated: bool) -> str:
    if concentrated:
        return _("A concentrated promotion programme may discount at most %(cap)d%% of the price.",
                 cap=CONCENTRATED_CAP_PERCENT)
    return _("A normal promotion may discount at most %(cap)d%% of the price in force just before it "
             "starts (Decree 81/2018, amended by Decree 128/2024).", cap=NORMAL_CAP_PERCENT)


def covered_days(starts_at: datetime, ends_at: datetime) -> set[date]:
    """The Việt Nam calendar days a window [starts_at, ends_at) touches."""
    if ends_at <= starts_at:
        return set()
    first = starts_at.astimezone(VN_TZ).date()
    last = (ends_at - timedelta(microseconds=1)).astimezone(VN_TZ).date()
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def days_used(product_ids: Iterable[int], exclude_campaign_id: int | None = None) -> dict[int, set[date]]:
    """The days each product is already discounted on by other counting campaigns (any year)."""
    ids = list(product_ids)
    if not ids:
        return {}
    stmt = (select(CampaignProduct.product_id, Campaign.starts_at, Campaign.ends_at)
            .join(Campaign, Campaign.id == CampaignProduct.campaign_id)
            .where(CampaignProduct.product_id.in_(ids), Campaign.status.in_(COUNTING_STATUSES),
                   Campaign.concentrated.is_(False)))
    if exclude_campaign_id is not None:
        stmt = stmt.where(Campaign.id != exclude_campaign_id)
    used: dict[int, set[date]] = {pid: set() for pid in ids}
    for product_id, starts_at, ends_at in db.session.execute(stmt):
        used[product_id] |= covered_days(starts_at, ends_at)
    return used


def day_breaches(products: list, starts_at: datetime, ends_at: datetime, concentrated: bool,
                 campaign_id: int | None = None) -> list[Breach]:
    """The 120-days-a-year rule: refused naming each product, the year and the days already used."""
    if concentrated:
        return []
    mine = covered_days(starts_at, ends_at)
    used = days_used([p.id for p in products], campaign_id)
    breaches = []
    for product in products:
        for year in sorted({d.year for d in mine}):
            before = {d for d in used[product.id] if d.year == year}
            total = len(before | {d for d in mine if d.year == year})
            if total > MAX_DAYS_PER_YEAR:
                breaches.append(Breach("ends_at", _(
                    "%(name)s would be discounted on %(total)d days in %(year)d; the limit is %(limit)d days "
                    "a year (Decree 81/2018, amended by Decree 128/2024) and other campaigns already use "
                    "%(used)d.", name=product.name, total=total, year=year, limit=MAX_DAYS_PER_YEAR,
                    used=len(before)), [product]))
    return breaches


def liquor_breach(named_liquor: list) -> list[Breach]:
    """A scope naming liquor of 15% ABV or more is refused, naming it (Law 44/2019 art. 5)."""
    if not named_liquor:
        return []
    return [Breach("products", _("Liquor of %(abv)d%% ABV or more may never be discounted or promoted "
                                 "(Law 44/2019/QH14, art. 5): %(names)s.", abv=int(PROMOTION_BAN_ABV),
                                 names=_names(named_liquor)),
                   named_liquor)]


def _names(products: list) -> str:
    return ", ".join(p.name for p in products)
