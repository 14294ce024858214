"""The catalog page: its filter choices, the filtered and sorted statement, one page of cards."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import joinedload, load_only

from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from . import alcohol
from .cards import cards, cards_statement
from .models import Category, Product
from .params import CatalogParams, clamp_page, not_found
from .season import in_season_clause
from .queries import DAY, best_valid_stars, has_valid_stars, newest, public_products


def order_by(sort: str, day: date, price=Product.price) -> tuple:
    """ORDER BY for a sort value; ties broken by id so pages never overlap.

    `price` is the column prices sort on: the page layer passes the price a shopper pays now
    (promotions.pricing.current_price_sql(), which this layer may not import).
    """
    if sort == "price_asc":
        return (price.asc(), Product.id.asc())
    if sort == "price_desc":
        return (price.desc(), Product.id.desc())
    if sort == "stars":
        return (best_valid_stars(day).desc(), newest().desc(), Product.id.desc())
    return (newest().desc(), Product.id.desc())



# --- filter choices -------------------------------------------------------------------


@dataclass(frozen=True)
class FilterChoices:
    """What the filter form offers: groups with their sub-categories, places, producers."""

    groups: list[Category]
    subcategories: dict[int, list[Category]]
    places: list[Locality]
    producers: list[Producer]

    def category(self, slug: str) -> Category | None:
        for group in self.groups:
            if group.slug == slug:
                return group
            for sub in self.subcategories.get(group.id, []):
                if sub.slug == slug:
                    return sub
        return None


def filter_choices() -> FilterChoices:
    """Categories, and the places and producers that have something public (two queries)."""
    categories_stmt, producers_stmt = _filter_choice_statements()
    categories = list(db.session.scalars(categories_stmt))
    groups = sorted((c for c in categories if c.parent_id is None), key=lambda c: c.group_code)
    subs: dict[int, list[Category]] = {}
    for c in categories:
        if c.parent_id is not None:
            subs.setdefault(c.parent_id, []).append(c)
    producers = list(db.session.scalars(producers_stmt))
    places: dict[int, Locality] = {}
    for producer in producers:
        if producer.locality is not None:
            places.setdefault(producer.locality.id, producer.locality)
    return FilterChoices(groups, subs, sorted(places.values(), key=lambda p: p.name), producers)


@lru_cache(maxsize=1)
def _filter_choice_statements() -> tuple[Select, Select]:
    """Built once (see DAY). The form shows producers' and places' names: only the columns
    a card or a filter label reads are loaded, and touching another raises."""
    place_columns = (Locality.id, Locality.slug, Locality.name, Locality.kind, Locality.parent_id)
    place = joinedload(Producer.locality).load_only(*place_columns, raiseload=True)
    return (
        select(Category).order_by(Category.position, Category.id),
        select(Producer)
        .where(Producer.status == "approved",
               exists().where(Product.producer_id == Producer.id, Product.status == "published",
                              alcohol.on_sale_clause()))
        .options(load_only(Producer.id, Producer.slug, Producer.name, Producer.kind, Producer.status,
                           Producer.locality_id, Producer.is_sample, raiseload=True),
                 place, place.joinedload(Locality.parent).load_only(*place_columns, raiseload=True))
        .order_by(Producer.name),
    )


# --- the catalog ----------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """One page of a product list and what the page needs to describe it."""

    products: list[Product]
    total: int
    params: CatalogParams
    last_page: int
    per_page: int
    category: Category | None = None
    place: Locality | None = None
    producer: Producer | None = None


def _resolve(params: CatalogParams, choices: FilterChoices):
    """Turn slugs into rows; a slug naming nothing public is dropped with a notice."""
    category = choices.category(params.category) if params.category else None
    if params.category and category is None:
        params = params.without("category").with_notice(not_found("category", params.category))
    place = None
    place_ids: set[int] = set()
    if params.place:
        for loc in choices.places:
            if loc.slug == params.place:
                place = loc
            if loc.slug == params.place or (loc.parent is not None and loc.parent.slug == params.place):
                place_ids.add(loc.id)
                place = place or (loc if loc.slug == params.place else loc.parent)
        if place is None:  # a real place with nothing on sale yet: an honest empty list
            place = db.session.scalar(select(Locality).where(Locality.slug == params.place))
            if place is None:
                params = params.without("place").with_notice(not_found("place", params.place))
            else:
                place_ids = {place.id}
    producer = next((p for p in choices.producers if p.slug == params.producer), None) if params.producer else None
    if params.producer and producer is None:
        producer = db.session.scalar(select(Producer).where(
            Producer.slug == params.producer, Producer.status == "approved"))
        if producer is None:
            params = params.without("producer").with_notice(not_found("producer", params.producer))
    return params, category, place, place_ids, producer


def _filter_values(params: CatalogParams, day: date, category, place_ids, producer) -> tuple[tuple, dict]:
    """The shape of the filtered statement (which filters apply) and the values it takes."""
    kind = None if category is None else ("group" if category.parent_id is None else "sub")
    shape = (kind, bool(place_ids), producer is not None, params.stars is not None,
             params.min_price is not None, params.max_price is not None, params.month is not None)
    values = dict(day=day, group_code=category.group_code if category else None,
                  category_id=category.id if category else None, place_ids=sorted(place_ids),
                  producer_id=producer.id if producer else None, stars=params.stars,
                  min_price=params.min_price, max_price=params.max_price, month=params.month)
    return shape, values


@lru_cache(maxsize=None)
def _filtered(shape: tuple, price=Product.price) -> Select:
    """Public products narrowed by the filters a shape names (values bound at execution);
    the price filters compare `price` (see order_by)."""
    kind, place, producer, stars, min_price, max_price, month = shape
    stmt = public_products()
    if kind == "group":
        stmt = stmt.join(Product.category).where(Category.group_code == bindparam("group_code"))
    elif kind == "sub":
        stmt = stmt.where(Product.category_id == bindparam("category_id"))
    if place:
        stmt = stmt.where(Producer.locality_id.in_(bindparam("place_ids", expanding=True)))
    if producer:
        stmt = stmt.where(Product.producer_id == bindparam("producer_id"))
    if stars:
        stmt = stmt.where(has_valid_stars(DAY, bindparam("stars")))
    if min_price:
        stmt = stmt.where(price >= bindparam("min_price"))
    if max_price:
        stmt = stmt.where(price <= bindparam("max_price"))
    if month:
        stmt = stmt.where(in_season_clause(bindparam("month")))
    return stmt


@lru_cache(maxsize=None)
def _catalog_statements(shape: tuple, sort: str, price) -> tuple[Select, Select]:
    """The page statement (cards with the total) and the count statement for a shape and sort.

    Cached per `price` column object too: callers pass the same object every time.
    """
    stmt = _filtered(shape, price)
    return (cards_statement(stmt, order_by(sort, DAY, price), total=True),
            stmt.with_only_columns(func.count(Product.id)).order_by(None))


def catalog_page(params: CatalogParams, choices: FilterChoices, day: date, per_page: int,
                 price=Product.price) -> Listing:
    """A page of the public catalog for the parameters, with the total and the last page.

    `price` is the column the price sort and filters use (the page layer passes the price a
    shopper pays now; always the same object, as statements are cached per object).

    The total comes with the page through a window count (one query). A page past
    the end has no rows to carry it, so it costs one count query and comes back
    empty with `params.page` clamped to the last page: the view redirects there.
    """
    params, category, place, place_ids, producer = _resolve(params, choices)
    shape, values = _filter_values(params, day, category, place_ids, producer)
    page_stmt, count_stmt = _catalog_statements(shape, params.sort, price)
    rows, total = cards(page_stmt, values, per_page, (params.page - 1) * per_page, total=True)
    if not rows and params.page > 1:
        total = db.session.scalar(count_stmt, values) or 0
    clamped, last = clamp_page(params, total, per_page)
    return Listing(rows, total, clamped, last, per_page, category, place, producer)
