"""Discovery by place: the places of the catalog, what each one has, and the counts the index shows.

A place is a locality (ward, commune, village or landmark; the province itself is not one). A
place holds its own locality and the localities under it (Khuổi Ky village and Bản Giốc
waterfall are in Đàm Thủy), so Đàm Thủy's page lists a homestay in Khuổi Ky too. The index's
counts and a place page's lists come from the same definitions below, so they always agree:

- producers: approved producers located in the place;
- products: public products (catalog.queries.public_products) of those producers, not group 6;
- experiences: public group-6 products of those producers that have their booking facts.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import joinedload

from ..catalog import alcohol
from ..catalog import queries as catalog_queries
from ..catalog.card_records import ProductCard
from ..catalog.cards import card_products, cards, cards_statement
from ..catalog.models import Category, Product, ProductImage
from ..catalog.season import in_season, in_season_clause
from ..extensions import db
from ..i18n import localized
from ..text import fold
from ..places import tree
from ..places.models import Locality
from ..producers.models import Producer
from .experiences import Experience

EXPERIENCE_GROUP = 6  # OCOP group 6: community tourism, booked and never shipped
PLACE_LIST_LIMIT = 200  # more than any place has; the page links to the catalog beyond it
SEASON_SHELF = 8


@dataclass
class PlaceCounts:
    producers: int = 0
    products: int = 0
    experiences: int = 0
    known_for: list[str] = field(default_factory=list)  # names of what it makes (never spirits)

    def add(self, other: "PlaceCounts") -> None:
        self.producers += other.producers
        self.products += other.products
        self.experiences += other.experiences
        self.known_for += other.known_for


@dataclass
class PlaceSummary:
    """A place on the index: the place, the localities under it, its counts and a picture."""

    place: Locality
    children: list[Locality] = field(default_factory=list)
    counts: PlaceCounts = field(default_factory=PlaceCounts)
    picture: ProductImage | None = None


# --- the places and what lies under them ------------------------------------------------------

def all_places() -> list[Locality]:
    """Every locality that is a place (not the province), by name."""
    places = db.session.scalars(select(Locality).where(Locality.kind != "province"))
    return sorted(places, key=lambda loc: (fold(loc.name), loc.id))


def place_by_slug(slug: str) -> Locality | None:
    return db.session.scalar(select(Locality).where(Locality.slug == slug, Locality.kind != "province")
                             .options(joinedload(Locality.parent)))


def member_ids(place: Locality, places: list[Locality]) -> set[int]:
    """The place's own id and the ids of every locality under it (at any depth)."""
    return tree.ids_under([place.id], ((loc.id, loc.parent_id) for loc in places))


def children_of(place: Locality, places: list[Locality]) -> list[Locality]:
    """The localities directly under the place (villages, sights), by name."""
    return [loc for loc in places if loc.parent_id == place.id]


# --- the shared definitions -------------------------------------------------------------------

def is_experience():
    """A product of group 6 with its booking facts (SQL, on public_products() joined to Category)."""
    booked = select(Experience.id).where(Experience.product_id == Product.id).correlate(Product)
    return (Category.group_code == EXPERIENCE_GROUP) & exists(booked)


def _public_producers():
    return select(Producer).where(Producer.status == "approved")


def _place_products(ids: set[int], experiences: bool):
    stmt = (catalog_queries.public_products().join(Product.category)
            .where(Producer.locality_id.in_(sorted(ids))))
    if experiences:
        return stmt.where(is_experience())
    return stmt.where(Category.group_code != EXPERIENCE_GROUP)


# --- the index --------------------------------------------------------------------------------

def place_summaries() -> list[PlaceSummary]:
    """The index: top-level places (with the ones under them) and their counts (four queries)."""
    places = all_places()
    by_locality = _counts_by_locality()
    pictures = _pictures_by_locality()
    known = {loc.id for loc in places}
    summaries = []
    for place in places:
        if place.parent_id is not None and place.parent_id in known:
            continue  # shown under its parent
        ids = member_ids(place, places)
        counts = PlaceCounts()
        for locality_id in sorted(ids):
            counts.add(by_locality.get(locality_id, PlaceCounts()))
        picture = next((pictures[i] for i in [place.id, *sorted(ids)] if i in pictures), None)
        summaries.append(PlaceSummary(place, children_of(place, places), counts, picture))
    return summaries


def place_counts(place: Locality) -> PlaceCounts:
    """The counts of one place (the same numbers the index shows for it)."""
    ids = member_ids(place, all_places())
    by_locality = _counts_by_locality()
    counts = PlaceCounts()
    for locality_id in sorted(ids):
        counts.add(by_locality.get(locality_id, PlaceCounts()))
    return counts


def _counts_by_locality() -> dict[int, PlaceCounts]:
    """Producers, products and experiences per locality (two queries)."""
    counts: dict[int, PlaceCounts] = defaultdict(PlaceCounts)
    producers = db.session.execute(
        _public_producers().where(Producer.locality_id.is_not(None))
        .with_only_columns(Producer.locality_id, func.count(Producer.id)).group_by(Producer.locality_id))
    for locality_id, n in producers:
        counts[locality_id].producers = n
    experience = is_experience().label("experience")
    rows = db.session.execute(
        catalog_queries.public_products().join(Product.category)
        .where(Producer.locality_id.is_not(None))
        .with_only_columns(Producer.locality_id, Category.group_code, experience, Product.content, Product.abv)
        .order_by(Product.is_sample, Product.id))
    for locality_id, group_code, bookable, content, abv in rows:
        found = counts[locality_id]
        if group_code != EXPERIENCE_GROUP:
            found.products += 1
        elif bookable:
            found.experiences += 1
        else:
            continue
        if alcohol.may_promote(SimpleNamespace(abv=abv)):
            found.known_for.append(localized(content, "name"))
    return counts


def _pictures_by_locality() -> dict[int, ProductImage]:
    """A picture per locality: the first picture of one of its public products (real before sample)."""
    rows = db.session.execute(
        catalog_queries.public_products().join(ProductImage, ProductImage.product_id == Product.id)
        .where(Producer.locality_id.is_not(None))
        .with_only_columns(Producer.locality_id, ProductImage)
        .order_by(Product.is_sample, Product.id, ProductImage.position, ProductImage.id))
    found: dict[int, ProductImage] = {}
    for locality_id, image in rows:
        found.setdefault(locality_id, image)
    return found


# --- one place --------------------------------------------------------------------------------

@dataclass
class PlacePage:
    place: Locality
    children: list[Locality]
    producers: list[Producer]
    products: list[Product]
    experiences: list[Product]
    in_season: list[Product]
    member_ids: set[int]


def place_page(place: Locality, day: date, month: int) -> PlacePage:
    """Everything a place page lists: its producers, their products, its experiences, in season now."""
    places = all_places()
    ids = member_ids(place, places)
    producers = list(db.session.scalars(
        _public_producers().where(Producer.locality_id.in_(sorted(ids)))
        .options(joinedload(Producer.locality)).order_by(Producer.name)))
    keys = (catalog_queries.best_valid_stars(catalog_queries.DAY).desc(), Product.is_sample,
            catalog_queries.newest().desc(), Product.id.desc())
    values = {"day": day}
    # the products themselves, not card records: the page puts an add-to-cart form beside each card
    products = card_products(_place_products(ids, experiences=False), keys, values, PLACE_LIST_LIMIT)
    experiences = card_products(_place_products(ids, experiences=True), keys, values, PLACE_LIST_LIMIT)
    seasonal = [p for p in products + experiences
                if in_season(p.season_from, p.season_to, month) and alcohol.may_promote(p)][:SEASON_SHELF]
    return PlacePage(place, children_of(place, places), producers, products, experiences, seasonal, ids)


def in_season_now(day: date, month: int, limit: int = SEASON_SHELF) -> list[ProductCard]:
    """Public products and experiences at their best this month (spirits never: a shelf promotes)."""
    values = {"day": day, "month": month}
    return [p for p in cards(_in_season_statement(), values, limit) if alcohol.may_promote(p)]


@lru_cache(maxsize=1)
def _in_season_statement() -> Select:
    """Built once, the month bound at execution: building the statement and its cache key on every
    home page cost ~10 times its SQL (bench/README.md)."""
    keys = (Product.is_sample, catalog_queries.best_valid_stars(catalog_queries.DAY).desc(),
            catalog_queries.newest().desc(), Product.id.desc())
    stmt = catalog_queries.public_products().where(
        in_season_clause(bindparam("month")), (Product.abv.is_(None)) | (Product.abv < alcohol.PROMOTION_BAN_ABV))
    return cards_statement(stmt, keys)
