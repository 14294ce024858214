"""The experiences page: every bookable experience, filtered by place, month, price and party size.

Bad filter values never fail the page: an unknown place, a month outside 1–12, a price or a
party size that is not a whole number are ignored and shown as off (`ExperienceFilters.ignored`).
The price filter reads the product's price per its unit (a guest, or a room per night), the price
before any campaign, as the catalog's price filters do.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..catalog import queries as catalog_queries
from ..catalog.cards import load_card_collections
from ..catalog.models import Category, Product
from ..catalog.season import in_season_clause, parse_month
from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from .discovery import EXPERIENCE_GROUP, all_places, member_ids
from .experiences import MAX_PARTY, Experience

MAX_PRICE_FILTER = 1_000_000_000
FILTER_NAMES = {"place": _l("place"), "month": _l("month"), "max_price": _l("price"), "party": _l("party size")}


@dataclass
class ExperienceFilters:
    place: Locality | None = None
    month: int | None = None
    max_price: int | None = None
    party: int | None = None
    ignored: list[str] = field(default_factory=list)  # what was not understood, in words

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.place, self.month, self.max_price, self.party))

    def to_args(self, **overrides) -> dict:
        values = {"place": self.place.slug if self.place else None, "month": self.month,
                  "max_price": self.max_price, "party": self.party}
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None}


def _whole(raw, low: int, high: int) -> int | None:
    text = str(raw or "").strip().replace(".", "").replace(",", "").replace(" ", "")
    if text.isascii() and text.isdigit() and low <= int(text) <= high:
        return int(text)
    return None


def parse_filters(args, places: list[Locality]) -> ExperienceFilters:
    """The page's filters from a query string; anything not understood is left off."""
    filters = ExperienceFilters()
    slug = (args.get("place") or "").strip()
    filters.place = next((p for p in places if p.slug == slug), None) if slug else None
    checks = (("place", slug, filters.place),)
    filters.month = parse_month(args.get("month"))
    filters.max_price = _whole(args.get("max_price"), 0, MAX_PRICE_FILTER)
    filters.party = _whole(args.get("party"), 1, MAX_PARTY)
    checks += (("month", args.get("month"), filters.month), ("max_price", args.get("max_price"), filters.max_price),
               ("party", args.get("party"), filters.party))
    filters.ignored = [str(FILTER_NAMES[name]) for name, raw, value in checks if (raw or "").strip() and value is None]
    return filters


@dataclass
class ExperienceRow:
    product: Product
    experience: Experience


def experience_rows(filters: ExperienceFilters, day: date) -> list[ExperienceRow]:
    """Public experiences matching the filters, real before sample, then by name of place."""
    stmt = (catalog_queries.public_products().join(Product.category).join(Experience, Experience.product_id == Product.id)
            .where(Category.group_code == EXPERIENCE_GROUP).add_columns(Experience)
            .options(joinedload(Product.producer).joinedload(Producer.locality), joinedload(Product.category))
            .order_by(Product.is_sample, Product.id))
    if filters.place is not None:
        stmt = stmt.where(Producer.locality_id.in_(sorted(member_ids(filters.place, all_places()))))
    if filters.month is not None:
        stmt = stmt.where(in_season_clause(filters.month))
    if filters.max_price is not None:
        stmt = stmt.where(Product.price <= filters.max_price)
    if filters.party is not None:
        stmt = stmt.where(Experience.max_party >= filters.party)
    rows = [ExperienceRow(product, experience) for product, experience in db.session.execute(stmt).unique()]
    load_card_collections([row.product for row in rows])
    return rows


def experience_places() -> list[Locality]:
    """Places a visitor can choose in the filter: every place (an empty result is an honest answer)."""
    return all_places()


def categories_for_map() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.parent_id.is_(None)).order_by(Category.group_code)))
