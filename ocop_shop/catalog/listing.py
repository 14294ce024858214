"""The catalog page: its filter choices, the filtered and sorted statement, one page of cards."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import joinedload, load_only

from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from . import alcohol
from .cards import cards, cards_statement
from .models import Category, Product
from .facet_counts import categories_with_counts, decode
from .filtering import filtered, shape_of, values_of
from .filters import Names
from .params import CatalogParams, clamp_page, not_found
from .queries import DAY, best_valid_stars, newest


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
    categories_stmt, _producers = _filter_choice_statements()
    return _choices(list(db.session.scalars(categories_stmt)))


def _choices(categories: list[Category]) -> FilterChoices:
    """The choices for these categories, with the producers (and their places) from one query."""
    _categories, producers_stmt = _filter_choice_statements()
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
class Resolved:
    """Parameters whose slugs name something public, and the rows they name."""

    params: CatalogParams
    category: Category | None = None
    place: Locality | None = None
    producer: Producer | None = None

    @property
    def names(self) -> Names:
        return Names(self.category.name() if self.category else None,
                     self.place.name if self.place else None, self.producer.name if self.producer else None)


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
    choices: FilterChoices | None = None
    counts: dict | None = None

    @property
    def names(self) -> Names:
        return Resolved(self.params, self.category, self.place, self.producer).names


def resolve(params: CatalogParams, choices: FilterChoices) -> Resolved:
    """Turn slugs into rows; a slug naming nothing public is dropped with a notice."""
    category = choices.category(params.category) if params.category else None
    if params.category and category is None:
        params = params.without("category").with_notice(not_found("category", params.category))
    place = None
    if params.place:
        place = next((loc for loc in choices.places if loc.slug == params.place), None) or next(
            (loc.parent for loc in choices.places if loc.parent is not None and loc.parent.slug == params.place),
            None)
        if place is None:  # a real place with nothing on sale yet: an honest empty list
            place = db.session.scalar(select(Locality).where(Locality.slug == params.place))
            if place is None:
                params = params.without("place").with_notice(not_found("place", params.place))
    producer = next((p for p in choices.producers if p.slug == params.producer), None) if params.producer else None
    if params.producer and producer is None:
        producer = db.session.scalar(select(Producer).where(
            Producer.slug == params.producer, Producer.status == "approved"))
        if producer is None:
            params = params.without("producer").with_notice(not_found("producer", params.producer))
    return Resolved(params, category, place, producer)


def counted_choices(params: CatalogParams, day: date, price=Product.price) -> tuple[Resolved, FilterChoices, dict]:
    """The filter choices and the facet counts for the parameters, resolved (two queries).

    The counts ride on the categories query, bound with the slugs as given; only when a slug
    names nothing (and is dropped) are they counted again without it.
    """
    shape = shape_of(params)
    rows = db.session.execute(categories_with_counts(shape, price), values_of(params, day)).all()
    categories = [row[0] for row in rows if row[0] is not None]
    choices = _choices(categories)
    resolved = resolve(params, choices)
    if resolved.params != params:
        shape = shape_of(resolved.params)
        rows = db.session.execute(categories_with_counts(shape, price), values_of(resolved.params, day)).all()
    places = {loc.id: loc.slug for loc in choices.places}
    counted = [tuple(row[1:]) for row in rows if row[0] is None]
    return resolved, choices, decode(counted, categories, places)


@lru_cache(maxsize=None)
def _catalog_statements(shape: tuple, sort: str, price) -> tuple[Select, Select]:
    """The page statement (cards with the total) and the count statement for a shape and sort.

    Cached per `price` column object too: callers pass the same object every time.
    """
    stmt = filtered(shape, price)
    return (cards_statement(stmt, order_by(sort, DAY, price), total=True),
            stmt.with_only_columns(func.count(Product.id)).order_by(None))


def catalog_page(params: CatalogParams, day: date, per_page: int, price=Product.price) -> Listing:
    """A page of the public catalog for the parameters, with its choices, counts and last page.

    `price` is the column the price sort and filters use (the page layer passes the price a
    shopper pays now; always the same object, as statements are cached per object).

    The total comes with the page through a window count (one query). A page past
    the end has no rows to carry it, so it costs one count query and comes back
    empty with `params.page` clamped to the last page: the view redirects there.
    """
    resolved, choices, counts = counted_choices(params, day, price)
    params = resolved.params
    values = values_of(params, day)
    page_stmt, count_stmt = _catalog_statements(shape_of(params), params.sort, price)
    rows, total = cards(page_stmt, values, per_page, (params.page - 1) * per_page, total=True)
    if not rows and params.page > 1:
        total = db.session.scalar(count_stmt, values) or 0
    clamped, last = clamp_page(params, total, per_page)
    return Listing(rows, total, clamped, last, per_page, resolved.category, resolved.place, resolved.producer,
                   choices, counts)
