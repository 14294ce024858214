"""Read helpers for the office's campaign pages: the list with its filters, one campaign with
what it covers. Everything a page shows is loaded here (models are lazy="raise")."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..catalog.models import Product
from ..extensions import db
from ..text import fold
from .models import Campaign, CampaignProduct, Coupon

FILTERS = ("all", "running", "scheduled", "paused", "ended", "draft")


def state_of(campaign: Campaign, at: datetime) -> str:
    """What the office sees: draft, scheduled, running, paused or ended."""
    if campaign.status == "active":
        if at < campaign.starts_at:
            return "scheduled"
        return "running" if at < campaign.ends_at else "ended"
    return campaign.status


def _filter_clause(shown: str, at: datetime):
    active = Campaign.status == "active"
    return {
        "running": and_(active, Campaign.starts_at <= at, Campaign.ends_at > at),
        "scheduled": and_(active, Campaign.starts_at > at),
        "paused": Campaign.status == "paused",
        "ended": or_(Campaign.status == "ended", and_(active, Campaign.ends_at <= at)),
        "draft": Campaign.status == "draft",
    }.get(shown)


def campaign_list(shown: str, search: str, at: datetime, limit: int = 200) -> list[Campaign]:
    """Campaigns under a filter, newest start first; `search` matches the name (accents ignored)."""
    stmt = select(Campaign).options(selectinload(Campaign.coupon)).order_by(Campaign.starts_at.desc(),
                                                                           Campaign.id.desc())
    clause = _filter_clause(shown, at)
    if clause is not None:
        stmt = stmt.where(clause)
    rows = list(db.session.scalars(stmt.limit(limit if not search else None)))
    if search:
        wanted = fold(search)
        rows = [c for c in rows if any(wanted in fold(c.text("name", lang)) for lang in ("vi", "en"))][:limit]
    return rows


def filter_counts(at: datetime) -> dict[str, int]:
    """How many campaigns each filter shows."""
    columns = [func.count(Campaign.id)] + [func.sum(case((_filter_clause(k, at), 1), else_=0)) for k in FILTERS[1:]]
    row = db.session.execute(select(*columns)).one()
    return {key: int(value or 0) for key, value in zip(FILTERS, row)}


def campaign_for_office(campaign_id: int) -> Campaign | None:
    """One campaign with its code and banners."""
    return db.session.scalars(select(Campaign).where(Campaign.id == campaign_id)
                              .options(selectinload(Campaign.coupon), selectinload(Campaign.banners))).first()


@dataclass
class Covered:
    products: list
    total: int


def covered_products(campaign: Campaign, limit: int = 200) -> Covered:
    """The products the campaign's scope resolved to (producers loaded), by name."""
    stmt = (select(Product).join(CampaignProduct, CampaignProduct.product_id == Product.id)
            .where(CampaignProduct.campaign_id == campaign.id)
            .options(joinedload(Product.producer), selectinload(Product.images)).order_by(Product.id))
    total = db.session.scalar(select(func.count()).select_from(CampaignProduct)
                              .where(CampaignProduct.campaign_id == campaign.id))
    return Covered(products=list(db.session.scalars(stmt.limit(limit)).unique()), total=total or 0)


def coupon_of(campaign_id: int) -> Coupon | None:
    return db.session.scalars(select(Coupon).where(Coupon.campaign_id == campaign_id)).first()
