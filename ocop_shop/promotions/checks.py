"""What the office typed for a campaign, checked before anything is saved.

`check()` returns every problem at once as `law.Breach` values (a form field and a message in
the current language); an empty list means the campaign may be saved. The legal rules
themselves live in `law.py`; the scope in `scope.py`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from . import law, scope
from .coupons import fold_code
from .models import Campaign, Coupon

SCOPE_FIELDS = {"products": "products", "groups": "groups", "producers": "producers", "places": "places",
                "stars": "min_stars", "all": "scope_kind"}


@dataclass
class CouponInput:
    """The optional coupon of a campaign form (dates in UTC, None: the campaign's)."""

    code: str
    total_cap: int | None = None
    per_customer_cap: int | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None


@dataclass
class CampaignInput:
    """A campaign as the office entered it (moments in UTC)."""

    name_vi: str
    discount_kind: str
    discount_value: int
    scope_kind: str
    starts_at: datetime
    ends_at: datetime
    scope_ids: list[int] = field(default_factory=list)
    min_stars: int | None = None
    funded_by: str = "office"
    concentrated: bool = False
    name_en: str = ""
    description_vi: str = ""
    description_en: str = ""
    coupon: CouponInput | None = None

    def content(self) -> dict:
        return {"vi": {"name": self.name_vi, "description": self.description_vi},
                "en": {"name": self.name_en, "description": self.description_en}}


def check(data: CampaignInput, campaign_id: int | None = None) -> tuple[list[law.Breach], scope.Resolved]:
    """Every reason the campaign may not be saved, and what its scope covers."""
    problems = _basic(data)
    resolved = scope.resolve(data.scope_kind, data.scope_ids, data.min_stars)
    problems += _scope_problems(data, resolved)
    if not problems:
        problems += law.discount_breaches(data.discount_kind, data.discount_value, data.concentrated,
                                          resolved.products, data.starts_at)
        problems += law.day_breaches(resolved.products, data.starts_at, data.ends_at, data.concentrated,
                                     campaign_id)
    if data.coupon is not None:
        problems += _coupon_problems(data, campaign_id)
    return problems, resolved


def _basic(data: CampaignInput) -> list[law.Breach]:
    problems = []
    if not data.name_vi:
        problems.append(law.Breach("name_vi", _("Please give the campaign a name in Vietnamese.")))
    if data.ends_at <= data.starts_at:
        problems.append(law.Breach("ends_at", _("The campaign must end after it starts.")))
    if data.discount_value is None or data.discount_value <= 0:
        problems.append(law.Breach("discount_value", _("The discount must be more than zero.")))
    elif data.discount_kind == "percent" and data.discount_value > 100:
        problems.append(law.Breach("discount_value", _("A percentage discount is at most 100%%.")))
    return problems


def _scope_problems(data: CampaignInput, resolved: scope.Resolved) -> list[law.Breach]:
    where = SCOPE_FIELDS.get(data.scope_kind, "scope_kind")
    if data.scope_kind in ("products", "groups", "producers", "places") and not data.scope_ids:
        return [law.Breach(where, _("Choose at least one."))]
    if data.scope_kind == "stars" and data.min_stars not in (3, 4, 5):
        return [law.Breach(where, _("Choose 3, 4 or 5 stars."))]
    problems = law.liquor_breach(resolved.named_liquor)
    if resolved.unknown_ids:
        problems.append(law.Breach(where, _("These products do not exist or are not on sale: %(ids)s.",
                                            ids=", ".join(f"#{i}" for i in resolved.unknown_ids))))
    if not problems and not resolved.products:
        problems.append(law.Breach(where, _("This scope covers no product on sale.")))
    return problems


def _coupon_problems(data: CampaignInput, campaign_id: int | None) -> list[law.Breach]:
    coupon = data.coupon
    key = fold_code(coupon.code)
    problems = []
    if not key:
        problems.append(law.Breach("coupon_code", _("Please enter a code.")))
    elif (holder := _code_holder(key, campaign_id)) is not None:
        problems.append(law.Breach("coupon_code", _("This code is already used by the campaign “%(name)s”.",
                                                    name=holder.name)))
    for name, cap in (("coupon_total_cap", coupon.total_cap), ("coupon_per_customer_cap", coupon.per_customer_cap)):
        if cap is not None and cap < 1:
            problems.append(law.Breach(name, _("A limit must be at least 1 (leave it empty for no limit).")))
    start = coupon.valid_from or data.starts_at
    end = coupon.valid_until or data.ends_at
    if start < data.starts_at or start > data.ends_at:
        problems.append(law.Breach("coupon_valid_from", _("The code must be valid within the campaign's dates.")))
    if end > data.ends_at or end <= start:
        problems.append(law.Breach("coupon_valid_until",
                                   _("The code must be valid within the campaign's dates, ending after it starts.")))
    return problems


def _code_holder(key: str, campaign_id: int | None) -> Campaign | None:
    stmt = select(Campaign).join(Coupon, Coupon.campaign_id == Campaign.id).where(Coupon.code_key == key)
    if campaign_id is not None:
        stmt = stmt.where(Campaign.id != campaign_id)
    return db.session.scalars(stmt).first()
