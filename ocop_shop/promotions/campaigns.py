"""Saving campaigns and changing their state; the office's back office calls these.

A save checks everything first (`checks.check`: the law, the scope, the coupon) and writes
nothing when a rule is broken. An edit and every state change is one conditional UPDATE on
(id, version[, status]) checked by row count, so a stale form or a double click loses cleanly.
The scope is resolved to `CampaignProduct` rows on each save.

States: draft → active (scheduled until it starts, running until it ends) ⇄ paused; active or
paused → ended (early: `ends_at` moves to the moment, so the 120-day count stops there).
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select
from sqlalchemy import update as sql_update

from .. import audit
from ..catalog.models import Product
from ..extensions import db
from ..text import slugify
from ..types import utcnow
from . import law
from .checks import CampaignInput, check
from .coupons import fold_code
from .models import Campaign, CampaignProduct, Coupon

AUDITED = ("status", "content", "discount_kind", "discount_value", "scope_kind", "scope_ids", "min_stars",
           "funded_by", "concentrated", "starts_at", "ends_at", "skipped_liquor")


class CampaignRefused(Exception):
    """The campaign breaks a rule; `breaches` says which fields and why."""

    def __init__(self, breaches: list[law.Breach]):
        super().__init__("; ".join(b.message for b in breaches))
        self.breaches = breaches


class StaleCampaign(Exception):
    """Someone changed the campaign since the form was loaded (or it has ended)."""


def create(data: CampaignInput, by) -> Campaign:
    """A new draft campaign with its products and coupon; refused whole when a rule is broken."""
    breaches, resolved = check(data)
    if breaches:
        raise CampaignRefused(breaches)
    campaign = Campaign(slug=_unique_slug(data.name_vi), status="draft", created_by_id=getattr(by, "id", None),
                        **_columns(data), skipped_liquor=resolved.skipped_liquor)
    db.session.add(campaign)
    db.session.flush()
    _set_products(campaign.id, resolved.products)
    _set_coupon(campaign.id, data)
    audit.record(by, "campaign.create", campaign, changes={k: (None, getattr(campaign, k)) for k in AUDITED})
    return campaign


def update(campaign: Campaign, version: int, data: CampaignInput, by) -> Campaign:
    """Save an edit made on the form of `version`; a stale version or an ended campaign is refused."""
    breaches, resolved = check(data, campaign.id)
    if breaches:
        raise CampaignRefused(breaches)
    before = audit.snapshot(campaign, AUDITED)
    values = dict(_columns(data), skipped_liquor=resolved.skipped_liquor, version=Campaign.version + 1,
                  updated_at=utcnow())
    won = db.session.execute(
        sql_update(Campaign).where(Campaign.id == campaign.id, Campaign.version == version, Campaign.status != "ended")
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if not won:
        raise StaleCampaign()
    _set_products(campaign.id, resolved.products)
    _set_coupon(campaign.id, data)
    db.session.refresh(campaign)
    audit.record(by, "campaign.update", campaign, changes=audit.changes_since(before, campaign))
    return campaign


def _columns(data: CampaignInput) -> dict:
    return dict(content=data.content(), discount_kind=data.discount_kind, discount_value=data.discount_value,
                scope_kind=data.scope_kind, scope_ids=sorted(set(data.scope_ids)),
                min_stars=data.min_stars if data.scope_kind == "stars" else None, funded_by=data.funded_by,
                concentrated=data.concentrated, starts_at=data.starts_at, ends_at=data.ends_at)


def _unique_slug(name: str) -> str:
    base = slugify(name, max_length=100)
    taken = set(db.session.scalars(select(Campaign.slug).where(Campaign.slug.like(f"{base}%"))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_products(campaign_id: int, products: list) -> None:
    db.session.execute(delete(CampaignProduct).where(CampaignProduct.campaign_id == campaign_id))
    if products:
        db.session.execute(insert(CampaignProduct), [{"campaign_id": campaign_id, "product_id": p.id}
                                                     for p in products])


def _set_coupon(campaign_id: int, data: CampaignInput) -> None:
    """Add, change or remove the campaign's code (a code already taken by orders is kept, changed only)."""
    coupon = db.session.scalars(select(Coupon).where(Coupon.campaign_id == campaign_id)).first()
    wanted = data.coupon
    if wanted is None:
        if coupon is not None and coupon.used == 0:
            db.session.delete(coupon)
        elif coupon is not None:
            raise CampaignRefused([law.Breach("coupon_code", _(
                "This code has already been used on orders; it can be changed but not removed."))])
        db.session.flush()
        return
    if coupon is None:
        coupon = Coupon(campaign_id=campaign_id, used=0)
        db.session.add(coupon)
    coupon.code, coupon.code_key = wanted.code, fold_code(wanted.code)
    coupon.total_cap, coupon.per_customer_cap = wanted.total_cap, wanted.per_customer_cap
    coupon.valid_from, coupon.valid_until = wanted.valid_from, wanted.valid_until
    db.session.flush()


# --- state changes ---------------------------------------------------------------------------

TRANSITIONS = {  # action: (statuses it may start from, status it leads to)
    "activate": (("draft",), "active"),
    "pause": (("active",), "paused"),
    "resume": (("paused",), "active"),
    "end": (("active", "paused"), "ended"),
}


def change_state(campaign: Campaign, action: str, version: int, by) -> Campaign:
    """Activate, pause, resume or end early; exactly one of two racing clicks wins."""
    allowed, target = TRANSITIONS[action]
    if campaign.status not in allowed or campaign.version != version:
        raise StaleCampaign()
    now = utcnow()
    if action in ("activate", "resume"):
        if campaign.ends_at <= now:
            raise CampaignRefused([law.Breach("status", _("This campaign's end has passed: change its dates first."))])
        _recheck(campaign)
    if action == "end" and campaign.starts_at >= now:
        raise CampaignRefused([law.Breach("status", _(
            "This campaign has not started yet: change its dates, or pause it, instead of ending it."))])
    values = {"status": target, "version": Campaign.version + 1, "updated_at": now}
    if action == "end" and campaign.ends_at > now:
        values["ends_at"] = now
    won = db.session.execute(
        sql_update(Campaign).where(Campaign.id == campaign.id, Campaign.version == version,
                               Campaign.status.in_(allowed))
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if not won:
        raise StaleCampaign()
    before = audit.snapshot(campaign, ("status", "ends_at"))
    db.session.refresh(campaign)
    audit.record(by, f"campaign.{action}", campaign, changes=audit.changes_since(before, campaign))
    return campaign


def _recheck(campaign: Campaign) -> None:
    """Drafts do not count toward the 120 days: a draft going live is checked against the others again."""
    products = list(db.session.scalars(select(Product).join(CampaignProduct, CampaignProduct.product_id == Product.id)
                                       .where(CampaignProduct.campaign_id == campaign.id)))
    breaches = law.day_breaches(products, campaign.starts_at, campaign.ends_at, campaign.concentrated, campaign.id)
    if breaches:
        raise CampaignRefused(breaches)
