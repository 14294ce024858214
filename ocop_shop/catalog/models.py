"""Products, OCOP groups, certificates and product images."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import (JSON, CheckConstraint, Column, ForeignKey, Index, Numeric, String, Table, Text, UniqueConstraint,
                        and_, or_, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import localized
from ..producers.models import Producer
from ..storage import ImageMixin
from ..types import Money, UTCDateTime, utcnow

PRODUCT_STATUSES = ("draft", "pending_review", "published", "archived")
CERT_LEVELS = ("district", "province", "national")

certification_products = Table(
    "certification_products",
    db.metadata,
    Column("certification_id", ForeignKey("certifications.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    # The primary key leads with certification_id: a product's certificates need their own index.
    Index("ix_certification_products_product_id", "product_id"),
)


class Category(db.Model):
    """One of the six OCOP product groups, or a sub-category of one."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"))
    group_code: Mapped[int]  # 1..6, the OCOP group this belongs to
    position: Mapped[int] = mapped_column(default=0)
    content: Mapped[dict] = mapped_column(JSON, default=dict)  # {lang: {name}}
    keywords_en: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped["Category | None"] = relationship(remote_side=[id], lazy="raise")

    def name(self, lang: str | None = None) -> str:
        return localized(self.content, "name", lang)

    @property
    def is_experience(self) -> bool:
        """Group 6 (community tourism) sells experiences, not parcels."""
        return self.group_code == 6


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint(
            "status IN ('draft', 'pending_review', 'published', 'archived')", name="status"
        ),
        CheckConstraint("price >= 0", name="price_nonneg"),
        CheckConstraint("stock >= 0", name="stock_nonneg"),
        CheckConstraint("abv IS NULL OR (abv >= 0 AND abv <= 100)", name="abv_range"),
        CheckConstraint("(season_from IS NULL AND season_to IS NULL) OR (season_from BETWEEN 1 AND 12 "
                        "AND season_to BETWEEN 1 AND 12)", name="season_months"),
        # The catalog's facet and card statements read only these columns (migration perf_0002).
        Index("ix_products_listing", "status", "producer_id", "category_id", "abv", "price",
              "published_at", "created_at"),
        # The catalog's default order, newest first (migration perf_0003): PostgreSQL reads a page
        # of cards from it instead of sorting every public product. Not partial: a prepared
        # statement's generic plan cannot prove `status = $1` matches a WHERE. SQLite sorts the
        # narrow rows of ix_products_listing above instead.
        Index("ix_products_newest", text("coalesce(published_at, created_at) DESC"), text("id DESC"))
        .ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    # content = {lang: {name, description, ingredients, usage, storage, unit}}
    price: Mapped[int] = mapped_column(Money, default=0)  # đồng
    net_quantity: Mapped[str | None] = mapped_column(String(40))
    weight_grams: Mapped[int] = mapped_column(default=0)
    shelf_life_days: Mapped[int | None]
    food_safety_number: Mapped[str | None] = mapped_column(String(60))
    abv: Mapped[float | None] = mapped_column(Numeric(4, 1, asdecimal=False))
    # The months it is at its best, from season_from to season_to (1–12; Nov–Feb wraps the year): season.py
    season_from: Mapped[int | None]
    season_to: Mapped[int | None]
    stock: Mapped[int] = mapped_column(default=0)
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # last sent to the office's review
    review_note: Mapped[str | None] = mapped_column(Text)  # why the office sent it back

    producer: Mapped[Producer] = relationship(back_populates="products", lazy="raise")
    category: Mapped[Category] = relationship(lazy="raise")
    images: Mapped[list["ProductImage"]] = relationship(
        back_populates="product", order_by="ProductImage.position", lazy="raise",
        cascade="all, delete-orphan",
    )
    certifications: Mapped[list["Certification"]] = relationship(
        secondary=certification_products, back_populates="products", lazy="raise"
    )

    def text(self, field: str, lang: str | None = None) -> str:
        return localized(self.content, field, lang)

    @property
    def name(self) -> str:
        return self.text("name")

    def valid_certification(self, on: date) -> "Certification | None":
        """The best certificate valid on the day, if any (loaded certifications only)."""
        valid = [c for c in self.certifications if c.is_valid(on)]
        return max(valid, key=lambda c: (c.stars, c.expires_on), default=None)

    def latest_certification(self) -> "Certification | None":
        """The most recently issued certificate, valid or not."""
        return max(self.certifications, key=lambda c: c.issued_on, default=None)


class ProductSlug(db.Model):
    """A slug the product used before a rename; old links answer 301."""

    __tablename__ = "product_slugs"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)


class PriceChange(db.Model):
    """Price history: one row each time a product's price is set."""

    __tablename__ = "price_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    price: Mapped[int] = mapped_column(Money)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ProductImage(ImageMixin, db.Model):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    product: Mapped[Product] = relationship(back_populates="images", lazy="raise")


class Certification(db.Model):
    """An OCOP certificate (Decision 148/QĐ-TTg); validity is computed, never stored."""

    __tablename__ = "certifications"
    __table_args__ = (
        CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 100)", name="score_range"),
        CheckConstraint("level IN ('district', 'province', 'national')", name="level"),
        CheckConstraint("expires_on >= issued_on", name="expiry_after_issue"),
        CheckConstraint("(superseded_by_id IS NULL) = (superseded_on IS NULL)", name="superseded_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_code: Mapped[str] = mapped_column(String(8), unique=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    decision: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(20))
    stars: Mapped[int]
    score: Mapped[int | None]
    issued_on: Mapped[date]
    expires_on: Mapped[date]
    revoked: Mapped[bool] = mapped_column(default=False)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_date: Mapped[date | None]
    # Renewal: the certificate that replaces this one, and the day it takes effect (its issue
    # date), after which this one is no longer valid. Both set together, by one UPDATE.
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("certifications.id", ondelete="SET NULL"), unique=True)
    superseded_on: Mapped[date | None]
    is_sample: Mapped[bool] = mapped_column(default=False)

    products: Mapped[list[Product]] = relationship(
        secondary=certification_products, back_populates="certifications", lazy="raise"
    )
    superseded_by: Mapped["Certification | None"] = relationship(
        remote_side=[id], foreign_keys=[superseded_by_id], lazy="raise")

    @property
    def valid_until(self) -> date:
        """The last day it can be valid: its expiry, or the day before its successor takes effect."""
        if self.superseded_on is not None and self.superseded_on <= self.expires_on:
            return self.superseded_on - timedelta(days=1)
        return self.expires_on

    def is_valid(self, on: date) -> bool:
        """Valid on a day when not revoked and issued ≤ day ≤ valid_until (day in Asia/Ho_Chi_Minh)."""
        return not self.revoked and self.issued_on <= on <= self.valid_until

    @classmethod
    def valid_on(cls, day):
        """The SQL twin of is_valid (day: a date or a bound parameter)."""
        return and_(cls.revoked.is_(False), cls.issued_on <= day, cls.expires_on >= day,
                    or_(cls.superseded_on.is_(None), cls.superseded_on > day))

    def state(self, on: date) -> str:
        """'valid', 'expired', 'revoked', 'superseded' or 'not_yet_valid' on the given day."""
        if self.revoked:
            return "revoked"
        if self.superseded_on is not None and on >= self.superseded_on:
            return "superseded"
        if on < self.issued_on:
            return "not_yet_valid"
        return "valid" if on <= self.expires_on else "expired"


REVISION_STATUSES = ("pending_review", "sent_back", "approved", "discarded")


class ProductRevision(db.Model):
    """Changes to a published product's text, facts or pictures, waiting for the office.

    The public page keeps showing the product row (the approved version) until the
    revision is approved; price and stock never wait (they change on the product at once).
    `facts` holds category_id and the EDITABLE_FIELDS; `images` the proposed pictures in
    order as [{key, width, height, alt: {lang: text}}].
    """

    __tablename__ = "product_revisions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending_review', 'sent_back', 'approved', 'discarded')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending_review", index=True)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    facts: Mapped[dict] = mapped_column(JSON, default=dict)
    images: Mapped[list] = mapped_column(JSON, default=list)
    review_note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # when it (re)entered the review queue
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    product: Mapped[Product] = relationship(lazy="raise")

    @property
    def is_open(self) -> bool:
        return self.status in ("pending_review", "sent_back")


class ProductDailyView(db.Model):
    """Approximate page views of a product on one day (Asia/Ho_Chi_Minh).

    Only a counter: no IP address, cookie or visitor id is stored (Law 91/2025: collect
    only what is needed). Counted from a same-origin beacon; bots are ignored.
    """

    __tablename__ = "product_daily_views"
    __table_args__ = (
        UniqueConstraint("product_id", "day", name="uq_product_daily_views_product_day"),
        CheckConstraint("views >= 0", name="views_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(index=True)
    views: Mapped[int] = mapped_column(default=0)
