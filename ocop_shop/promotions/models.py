"""Campaigns, coupons, trade fairs and the plan's target sets.

A campaign's scope is chosen by rule (products, groups, producers, places, minimum stars, all)
and resolved to a list of products when the office saves it (`CampaignProduct`): the legal
checks (50%, 120 days, liquor) run on that list, the campaign page shows it, and pricing joins
it. Liquor of 15% ABV or more never enters the list.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import localized
from ..storage import ImageMixin
from ..types import Money, UTCDateTime, utcnow

CAMPAIGN_STATUSES = ("draft", "active", "paused", "ended")
DISCOUNT_KINDS = ("percent", "amount")
SCOPE_KINDS = ("products", "groups", "producers", "places", "stars", "all")
FUNDERS = ("office", "producer")


class Campaign(db.Model):
    """A promotion: a discount on a set of products between two moments (stored in UTC).

    Running at t: status 'active' and starts_at <= t < ends_at. Paused stops it until resumed;
    ending early sets ends_at to the moment and status 'ended'. `version` rises on each edit so a
    stale form is refused.
    """

    __tablename__ = "campaigns"
    __table_args__ = (
        CheckConstraint("status IN ('draft','active','paused','ended')", name="campaign_status"),
        CheckConstraint("discount_kind IN ('percent','amount')", name="campaign_discount_kind"),
        CheckConstraint("scope_kind IN ('products','groups','producers','places','stars','all')",
                        name="campaign_scope_kind"),
        CheckConstraint("funded_by IN ('office','producer')", name="campaign_funded_by"),
        CheckConstraint("discount_value > 0", name="campaign_discount_positive"),
        CheckConstraint("ends_at > starts_at", name="campaign_ends_after_start"),
        Index("ix_campaigns_status_window", "status", "starts_at", "ends_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    content: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: {name, description}}
    discount_kind: Mapped[str] = mapped_column(String(10), default="percent")
    discount_value: Mapped[int] = mapped_column(Money)  # percent 1..100, or đồng
    scope_kind: Mapped[str] = mapped_column(String(20), default="products")
    scope_ids: Mapped[list] = mapped_column(JSON, default=list)  # ids of products/categories/producers/localities
    min_stars: Mapped[int | None]  # scope 'stars': valid certificates of at least this many stars
    funded_by: Mapped[str] = mapped_column(String(20), default="office")
    concentrated: Mapped[bool] = mapped_column(default=False)  # khuyến mại tập trung: up to 100%, no 120-day count
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    skipped_liquor: Mapped[int] = mapped_column(default=0)  # products of ≥ 15% ABV a broad scope left out
    is_sample: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    products: Mapped[list["CampaignProduct"]] = relationship(
        back_populates="campaign", lazy="raise", cascade="all, delete-orphan")
    coupon: Mapped["Coupon | None"] = relationship(back_populates="campaign", lazy="raise", uselist=False,
                                                   cascade="all, delete-orphan")
    banners: Mapped[list["CampaignBanner"]] = relationship(
        back_populates="campaign", lazy="raise", cascade="all, delete-orphan")

    def text(self, field: str, lang: str | None = None) -> str:
        return localized(self.content, field, lang)

    @property
    def name(self) -> str:
        return self.text("name")

    def running(self, at: datetime) -> bool:
        return self.status == "active" and self.starts_at <= at < self.ends_at


class CampaignProduct(db.Model):
    """One product the campaign's scope resolved to when it was saved."""

    __tablename__ = "campaign_products"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)

    campaign: Mapped[Campaign] = relationship(back_populates="products", lazy="raise")


class CampaignProducer(db.Model):
    """A producer's answer to a producer-funded campaign: accepted (applies) until it leaves."""

    __tablename__ = "campaign_producers"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), primary_key=True)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def taking_part(self) -> bool:
        return self.accepted_at is not None and self.left_at is None


class CampaignBanner(ImageMixin, db.Model):
    """The campaign's banner picture for one language (alt text in ImageMixin.alt)."""

    __tablename__ = "campaign_banners"
    __table_args__ = (UniqueConstraint("campaign_id", "lang", name="uq_campaign_banners_lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(8))

    campaign: Mapped[Campaign] = relationship(back_populates="banners", lazy="raise")


class Coupon(db.Model):
    """A campaign's optional code: the campaign then applies only to carts that entered it.

    `code_key` is the code folded (upper case, no spaces) for case-insensitive lookups.
    `used` counts orders that took it; the cap holds by `UPDATE … SET used = used + 1 WHERE
    used < total_cap` checked by row count.
    """

    __tablename__ = "coupons"
    __table_args__ = (
        CheckConstraint("total_cap IS NULL OR total_cap > 0", name="coupon_total_cap_positive"),
        CheckConstraint("per_customer_cap IS NULL OR per_customer_cap > 0", name="coupon_per_customer_positive"),
        CheckConstraint("used >= 0", name="coupon_used_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True)
    code: Mapped[str] = mapped_column(String(40))  # as the office typed it
    code_key: Mapped[str] = mapped_column(String(40), unique=True)
    total_cap: Mapped[int | None]
    per_customer_cap: Mapped[int | None]
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: the campaign's start
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: the campaign's end
    used: Mapped[int] = mapped_column(default=0)

    campaign: Mapped[Campaign] = relationship(back_populates="coupon", lazy="raise")


class CouponRedemption(db.Model):
    """One order that took a coupon, and who, for the per-customer cap.

    `customer_key` is "phone:<+84…>" (the delivery phone, for guests and signed-in buyers alike);
    `user_id` is set for a signed-in buyer, whose uses count under either (promotions/coupons.py).
    """

    __tablename__ = "coupon_redemptions"
    __table_args__ = (UniqueConstraint("coupon_id", "order_id", name="uq_coupon_redemptions_order"),
                      Index("ix_coupon_redemptions_customer", "coupon_id", "customer_key"),
                      Index("ix_coupon_redemptions_user", "coupon_id", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    coupon_id: Mapped[int] = mapped_column(ForeignKey("coupons.id", ondelete="CASCADE"))
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    customer_key: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TradeFair(db.Model):
    """A trade fair (hội chợ): where, when, what, and who comes with what."""

    __tablename__ = "trade_fairs"
    __table_args__ = (CheckConstraint("ends_on >= starts_on", name="fair_ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    content: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: {name, description, venue}}
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("localities.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    published: Mapped[bool] = mapped_column(default=True)
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participants: Mapped[list["FairParticipant"]] = relationship(
        back_populates="fair", lazy="raise", cascade="all, delete-orphan", order_by="FairParticipant.booth")

    def text(self, field: str, lang: str | None = None) -> str:
        return localized(self.content, field, lang)

    @property
    def name(self) -> str:
        return self.text("name")


class FairParticipant(db.Model):
    """A producer at a fair, its booth, and the products it brings (ids, published ones shown)."""

    __tablename__ = "fair_participants"
    __table_args__ = (UniqueConstraint("fair_id", "producer_id", name="uq_fair_participants_producer"),
                      UniqueConstraint("fair_id", "booth", name="uq_fair_participants_booth"))

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("trade_fairs.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    booth: Mapped[str] = mapped_column(String(20), default="")
    product_ids: Mapped[list] = mapped_column(JSON, default=list)

    fair: Mapped[TradeFair] = relationship(back_populates="participants", lazy="raise")


class PlanTargetSet(db.Model):
    """The province's OCOP plan targets for a period (DESIGN §2), editable by the office.

    `targets` maps a target key (see promotions/plan.py) to its number (a count or a percent).
    """

    __tablename__ = "plan_target_sets"
    __table_args__ = (CheckConstraint("period_end >= period_start", name="plan_period_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    period_start: Mapped[date]
    period_end: Mapped[date]
    targets: Mapped[dict] = mapped_column(JSON, default=dict)
    final_figures: Mapped[dict | None] = mapped_column(JSON)  # kept when the period has ended
    note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1, server_default="1")  # rises on each edit (plan_0001)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
