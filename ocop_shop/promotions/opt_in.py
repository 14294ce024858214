"""A producer's answer to the producer-funded campaigns covering its products: accept, or leave.

A producer-funded campaign lowers a producer's prices only while one of its members has accepted
it and nobody has left it since (pricing._funder_ok reads the same row). Accepting and leaving are
one conditional INSERT or UPDATE each, checked by row count, so a double click or two members
at once change the row once. Leaving affects orders placed from then on: an order keeps the
price it was placed at (its lines hold the discount).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..catalog.models import Product
from ..extensions import db
from .models import Campaign, CampaignProducer, CampaignProduct
from .pricing import unit_discount

OFFERED_STATUSES = ("active", "paused")  # running or scheduled (a paused one may resume)


@dataclass
class Offer:
    """A producer-funded campaign as one producer sees it."""

    campaign: Campaign
    products: list[tuple[Product, int]] = field(default_factory=list)  # (product, what a unit costs the producer)
    answer: CampaignProducer | None = None

    @property
    def taking_part(self) -> bool:
        return self.answer is not None and self.answer.taking_part

    @property
    def has_left(self) -> bool:
        return self.answer is not None and self.answer.left_at is not None


def offers(producer_id: int, at: datetime, campaign_id: int | None = None) -> list[Offer]:
    """Producer-funded campaigns not ended at `at` that cover the producer's products, soonest first."""
    stmt = (select(Campaign, Product)
            .join(CampaignProduct, CampaignProduct.campaign_id == Campaign.id)
            .join(Product, Product.id == CampaignProduct.product_id)
            .where(Product.producer_id == producer_id, Campaign.funded_by == "producer",
                   Campaign.status.in_(OFFERED_STATUSES), Campaign.ends_at > at)
            .order_by(Campaign.starts_at, Campaign.id, Product.id))
    if campaign_id is not None:
        stmt = stmt.where(Campaign.id == campaign_id)
    found: dict[int, Offer] = {}
    for campaign, product in db.session.execute(stmt):
        offer = found.setdefault(campaign.id, Offer(campaign))
        cost = unit_discount(int(product.price or 0), campaign.discount_kind, campaign.discount_value,
                             campaign.concentrated)
        offer.products.append((product, cost))
    if found:
        answers = db.session.scalars(select(CampaignProducer).where(
            CampaignProducer.producer_id == producer_id, CampaignProducer.campaign_id.in_(found)))
        for answer in answers:
            found[answer.campaign_id].answer = answer
    return list(found.values())


def offer(producer_id: int, campaign_id: int, at: datetime) -> Offer | None:
    """One campaign offered to the producer, or None (not producer-funded, ended, or not theirs)."""
    found = offers(producer_id, at, campaign_id)
    return found[0] if found else None


def _insert_ignoring_conflict(values: dict) -> int:
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = (dialect.insert(CampaignProducer.__table__).values(**values)
            .on_conflict_do_nothing(index_elements=["campaign_id", "producer_id"])
            .returning(CampaignProducer.__table__.c.campaign_id))
    # Rows returned, not rowcount: psycopg reports -1 for an INSERT … ON CONFLICT DO NOTHING here.
    return len(db.session.connection().execute(stmt).all())


def accept(campaign_id: int, producer_id: int, by, at: datetime) -> bool:
    """The producer takes part from `at` on; False when it already did (nothing changed)."""
    won = _insert_ignoring_conflict({"campaign_id": campaign_id, "producer_id": producer_id,
                                     "accepted_at": at, "accepted_by_id": by.id})
    if not won:  # a row exists: take part again only if it had not accepted or had left
        won = db.session.execute(
            update(CampaignProducer)
            .where(CampaignProducer.campaign_id == campaign_id, CampaignProducer.producer_id == producer_id,
                   or_(CampaignProducer.accepted_at.is_(None), CampaignProducer.left_at.is_not(None)))
            .values(accepted_at=at, accepted_by_id=by.id, left_at=None, left_by_id=None)
            .execution_options(synchronize_session=False)).rowcount
    db.session.expire_all()
    return bool(won)


def leave(campaign_id: int, producer_id: int, by, at: datetime) -> bool:
    """The producer stops taking part from `at` on; False when it was not taking part."""
    won = db.session.execute(
        update(CampaignProducer)
        .where(CampaignProducer.campaign_id == campaign_id, CampaignProducer.producer_id == producer_id,
               and_(CampaignProducer.accepted_at.is_not(None), CampaignProducer.left_at.is_(None)))
        .values(left_at=at, left_by_id=by.id)
        .execution_options(synchronize_session=False)).rowcount
    db.session.expire_all()
    return bool(won)
