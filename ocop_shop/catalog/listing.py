"""The catalog page: its filter choices, the filtered and sorted statement, one page of cards."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..i18n import localized
from ..places.models import Locality
from ..producers.models import Producer
from . import alcohol
from .cards import cards, cards_statement
from .models import Category, Product
from .facet_counts import CATEGORY_COLUMNS, categories_with_counts, decode
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
# Plain records read from plain rows: the panel shows a few names and slugs of some hundred
# rows, and building ORM instances for them cost more than the queries.


@dataclass(frozen=True, slots=True)
class CategoryChoice:
    """A category as the listing shows it: slug, place in the tree, name in the page's language."""

    id: int
    slug: str
    parent_id: int | None
    group_code: int
    position: int
    content: dict

    def name(self, lang: str | None = None) -> str:
        return localized(self.content, "name", lang)


@dataclass(frozen=True, slots=True)
class PlaceChoice:
    """A place producers work in (and the place it lies in)."""

    id: int
    slug: str
    name: str
    parent: "PlaceChoice | None" = None


@dataclass(frozen=True, slots=True)
class ProducerChoice:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class FilterChoices:
    """What the filter form offers: groups with their sub-categories, places, producers (and each
    list as the form's options, storefront/option_lists.py)."""

    groups: list[CategoryChoice]
    subcategories: dict[int, list[CategoryChoice]]
    places: list[PlaceChoice]
    producers: list[ProducerChoice]

    @cached_property
    def category_options(self) -> tuple[tuple[str, str, bool], ...]:
        """The form's categories as (slug, name, is a sub-category): each group, then its own."""
        return tuple(option for group in self.groups for option in (
            (group.slug, group.name(), False),
            *((sub.slug, sub.name(), True) for sub in self.subcategories.get(group.id, []))))

    @cached_property
    def place_options(self) -> tuple[tuple[str, str, bool], ...]:
        return tuple((place.slug, place.name, False) for place in self.places)

    @cached_property
    def producer_options(self) -> tuple[tuple[str, str, bool], ...]:
        return tuple((producer.slug, producer.name, False) for producer in self.producers)

    def category(self, slug: str) -> CategoryChoice | None:
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
    return _choices([CategoryChoice(*row) for row in _plain_rows(categories_stmt)])


def _plain_rows(stmt: Select, values: dict | None = None) -> list:
    """A statement's rows through the session's connection (Core execution, same transaction).

    The listing's statements select columns, never entities: the ORM's result handling that
    session.execute adds cost ~80 µs a statement for nothing. They run at the start of a GET
    page, with nothing pending to flush.
    """
    return db.session.connection().execute(stmt, values or {}).all()


def _choices(categories: list[CategoryChoice]) -> FilterChoices:
    """The choices for these categories, with the producers (and their places) from one query."""
    _categories, producers_stmt = _filter_choice_statements()
    groups = sorted((c for c in categories if c.parent_id is None), key=lambda c: c.group_code)
    subs: dict[int, list[CategoryChoice]] = {}
    for c in categories:
        if c.parent_id is not None:
            subs.setdefault(c.parent_id, []).append(c)
    producers, places = [], {}
    for (producer_id, slug, name, place_id, place_slug, place_name,
         parent_id, parent_slug, parent_name) in _plain_rows(producers_stmt):
        producers.append(ProducerChoice(producer_id, slug, name))
        if place_id is not None and place_id not in places:
            parent = PlaceChoice(parent_id, parent_slug, parent_name) if parent_id is not None else None
            places[place_id] = PlaceChoice(place_id, place_slug, place_name, parent)
    return FilterChoices(groups, subs, sorted(places.values(), key=lambda p: p.name), producers)


@lru_cache(maxsize=1)
def _filter_choice_statements() -> tuple[Select, Select]:
    """Built once (see DAY): the categories, and the producers with something public, each
    with its place and the place that lies in (the columns a filter label reads)."""
    place, parent = aliased(Locality), aliased(Locality)
    return (
        select(*[Category.__table__.c[name] for name in CATEGORY_COLUMNS]).order_by(Category.position, Category.id),
        select(Producer.id, Producer.slug, Producer.name,
               place.id.label("place_id"), place.slug.label("place_slug"), place.name.label("place_name"),
               parent.id.label("parent_id"), parent.slug.label("parent_slug"), parent.name.label("parent_name"))
        .outerjoin(place, place.id == Producer.locality_id)
        .outerjoin(parent, parent.id == place.parent_id)
        .where(Producer.status == "approved",
               exists().where(Product.producer_id == Producer.id, Product.status == "published",
                              alcohol.on_sale_clause()))
        .order_by(Producer.name),
    )


# --- the catalog ----------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """Parameters whose slugs name something public, and what they name."""

    params: CatalogParams
    category: CategoryChoice | None = None
    place: PlaceChoice | Locality | None = None
    producer: ProducerChoice | Producer | None = None

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
    category: CategoryChoice | None = None
    place: PlaceChoice | Locality | None = None
    producer: ProducerChoice | Producer | None = None
    choices: FilterChoices | None = None
    counts: dict | None = None

    @property
    def names(self) -> Names:
        return Resolved(self.params, self.category, self.place, self.producer).names


def resolve(params: CatalogParams, choices: FilterChoices) -> Resolved:
    """Turn slugs into what they name; a slug naming nothing public is dropped with a notice."""
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


def counted_choices(params: CatalogParams, day: date, price=Product.price) -> tuple[Resolved, FilterChoices, dict, int]:
    """The filter choices, the facet counts and the total for the parameters, resolved (two queries).

    The counts ride on the categories query, bound with the slugs as given; only when a slug
    names nothing (and is dropped) are they counted again without it.
    """
    rows = _category_rows(params, day, price)
    categories = [CategoryChoice(*row[:6]) for row in rows if row.part == 0]
    choices = _choices(categories)
    resolved = resolve(params, choices)
    if resolved.params != params:
        rows = _category_rows(resolved.params, day, price)
    places = {loc.id: loc.slug for loc in choices.places}
    counts, total = decode([(row.facet, row.key, row.n) for row in rows if row.part == 1], categories, places)
    return resolved, choices, counts, total


def _category_rows(params: CatalogParams, day: date, price) -> list:
    return _plain_rows(categories_with_counts(shape_of(params), price), values_of(params, day))


@lru_cache(maxsize=None)
def _catalog_statement(shape: tuple, sort: str, price) -> Select:
    """The page statement (the cards) for a shape and sort; cached per `price` object too."""
    return cards_statement(filtered(shape, price), order_by(sort, DAY, price))


def catalog_page(params: CatalogParams, day: date, per_page: int, price=Product.price) -> Listing:
    """A page of the public catalog for the parameters, with its choices, counts and last page.

    `price` is the column the price sort and filters use (the page layer passes the price a
    shopper pays now; always the same object, as statements are cached per object).

    The total comes with the counts, so a page past the end is known before its cards are
    asked for: it comes back empty with `params.page` clamped to the last page (the view
    redirects there).
    """
    resolved, choices, counts, total = counted_choices(params, day, price)
    params = resolved.params
    clamped, last = clamp_page(params, total, per_page)
    rows = []
    if clamped.page == params.page and total:
        page_stmt = _catalog_statement(shape_of(params), params.sort, price)
        rows = cards(page_stmt, values_of(params, day), per_page, (params.page - 1) * per_page)
    return Listing(rows, total, clamped, last, per_page, resolved.category, resolved.place, resolved.producer,
                   choices, counts)
