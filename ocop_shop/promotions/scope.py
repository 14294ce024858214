"""A campaign's scope resolved to the products it covers (only published products of approved
producers on sale: what the public may see).

Scopes: chosen products, groups (an OCOP group with its sub-categories), producers, places (a
province or commune with the places under it), minimum stars (certificates valid today), or all.
Liquor of 15% ABV or more never enters a campaign: a "chosen products" scope naming one is
refused (`named_liquor`), a broad scope skips them and counts how many (`skipped_liquor`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select

from ..catalog import alcohol
from ..catalog.models import Category, Product
from ..catalog.queries import has_valid_stars, public_products
from ..extensions import db
from ..places import tree
from ..places.models import Locality
from ..producers.models import Producer
from ..timeutil import local_today



@dataclass
class Resolved:
    """What a scope covers, and what it could not."""

    products: list = field(default_factory=list)  # promotable products, ordered by id
    skipped_liquor: int = 0  # broad scopes: liquor ≥ 15% ABV left out
    named_liquor: list = field(default_factory=list)  # "chosen products": liquor named (refused)
    unknown_ids: list = field(default_factory=list)  # ids that are not (or no longer) public


def resolve(kind: str, ids: list[int], min_stars: int | None, day: date | None = None) -> Resolved:
    """The products a scope covers today."""
    day = day or local_today()
    stmt = public_products().where(_scope_clause(kind, ids, min_stars, day)).order_by(Product.id)
    found = list(db.session.scalars(stmt))
    result = Resolved(products=[p for p in found if alcohol.may_promote(p)])
    liquor = [p for p in found if not alcohol.may_promote(p)]
    if kind == "products":
        result.named_liquor = liquor
        result.unknown_ids = sorted(set(ids) - {p.id for p in found})
    else:
        result.skipped_liquor = len(liquor)
    return result


def _scope_clause(kind: str, ids: list[int], min_stars: int | None, day: date):
    if kind == "products":
        return Product.id.in_(ids)
    if kind == "groups":
        return Product.category_id.in_(_with_subcategories(ids))
    if kind == "producers":
        return Product.producer_id.in_(ids)
    if kind == "places":
        return Producer.locality_id.in_(with_places_under(ids))
    if kind == "stars":
        return has_valid_stars(day, min_stars or 3)
    return Product.id.is_not(None)  # all


def _with_subcategories(ids: list[int]) -> set[int]:
    ids = set(ids)
    children = db.session.scalars(select(Category.id).where(Category.parent_id.in_(ids))) if ids else []
    return ids | set(children)


def with_places_under(ids: list[int]) -> set[int]:
    """The places and every place under them (a province includes its communes and villages)."""
    return tree.ids_under_in_db(ids)


def choices(kind: str) -> list[tuple[int, str]]:
    """What the office may pick for a scope kind: (id, label), in a stable order."""
    if kind == "products":
        rows = db.session.scalars(public_products().order_by(Product.id))
        return [(p.id, p.name) for p in rows]
    if kind == "groups":
        rows = db.session.scalars(select(Category).where(Category.parent_id.is_(None))
                                  .order_by(Category.group_code, Category.position))
        return [(c.id, c.name()) for c in rows]
    if kind == "producers":
        rows = db.session.scalars(select(Producer).where(Producer.status == "approved").order_by(Producer.name))
        return [(p.id, p.name) for p in rows]
    if kind == "places":
        rows = db.session.scalars(select(Locality).where(or_(Locality.kind == "province", Locality.kind == "commune",
                                                             Locality.kind == "ward"))
                                  .order_by((Locality.kind != "province"), Locality.name))
        return [(loc.id, loc.name) for loc in rows]
    return []
