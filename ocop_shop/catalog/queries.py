"""Read helpers for the storefront: every relationship a page shows is loaded here.

Models are `lazy="raise"`, so a page that touches something not loaded fails
loudly; the query counts per page stay the same at any catalog size
(tests/test_query_counts.py).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import joinedload, load_only, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from . import alcohol
from .certificates import normalize_public_code
from .models import Category, Certification, Product, ProductImage, ProductSlug, certification_products
from .params import CatalogParams, clamp_page, not_found

RELATED_LIMIT = 4


def card_options() -> tuple:
    """Loader options for a product card (producer and place, category, pictures, certificates)."""
    return _card_row_options() + (selectinload(Product.images), selectinload(Product.certifications))


def _card_row_options() -> tuple:
    """The to-one part of card_options(), joined into the cards' own row.

    A card shows the producer's name and place only: their other columns (long story texts,
    contacts, licence…) are not read per row, and touching one raises, as a lazy load does.
    A producer the page loads in full elsewhere (its own page) gets every column there.
    """
    return (
        joinedload(Product.producer)
        .load_only(Producer.id, Producer.slug, Producer.name, Producer.kind, Producer.status,
                   Producer.locality_id, Producer.is_sample, raiseload=True)
        .joinedload(Producer.locality)
        .load_only(Locality.id, Locality.slug, Locality.name, Locality.kind, Locality.parent_id,
                   raiseload=True),
        joinedload(Product.category),
    )


# Statements built once and executed with parameters. SQLAlchemy walks a statement to find its
# compiled form on every execution unless it is the same object (it memoizes the key on it):
# for a card list that walk, and building the statement, cost more than the SQL itself.
# (Built on first use, not at import: the mappers are configured once every model is imported.)
_DAY = bindparam("day")


@lru_cache(maxsize=1)
def _card_collection_statements() -> tuple[Select, Select]:
    ids = bindparam("ids", expanding=True)
    images = (select(ProductImage).where(ProductImage.product_id.in_(ids))
              .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id))
    certifications = (select(certification_products.c.product_id, Certification)
                      .join(certification_products, certification_products.c.certification_id == Certification.id)
                      .where(certification_products.c.product_id.in_(ids)))
    return images, certifications


def _load_card_collections(products: list[Product], images: bool = True) -> None:
    """Pictures and certificates of the products: a statement each, as selectinload would run.

    Done by hand because selectinload rebuilds and re-keys its statement, with the parent's
    loader options, on every page (about 0.4 ms each, more than its SQL).
    """
    if not products:
        return
    ids = {"ids": [p.id for p in products]}
    images_stmt, certifications_stmt = _card_collection_statements()
    if images:
        found: dict[int, list] = defaultdict(list)
        for image in db.session.scalars(images_stmt, ids):
            found[image.product_id].append(image)
        for product in products:
            set_committed_value(product, "images", found.get(product.id, []))
    certifications: dict[int, list] = defaultdict(list)
    for product_id, certification in db.session.execute(certifications_stmt, ids):
        certifications[product_id].append(certification)
    for product in products:
        set_committed_value(product, "certifications", certifications.get(product.id, []))


def public_products() -> Select:
    """Published products of approved producers: what the public may see."""
    return (select(Product).join(Product.producer)
            .where(Product.status == "published", Producer.status == "approved"))


def _valid_on(day: date):
    return and_(Certification.revoked.is_(False), Certification.issued_on <= day,
                Certification.expires_on >= day)


def _best_valid_stars(day: date):
    """The highest star level among the product's certificates valid on the day (0 if none)."""
    best = (select(func.max(Certification.stars))
            .join(certification_products, certification_products.c.certification_id == Certification.id)
            .where(certification_products.c.product_id == Product.id, _valid_on(day))
            .correlate(Product).scalar_subquery())
    return func.coalesce(best, 0)


def _has_valid_stars(day: date, minimum: int):
    return exists(
        select(certification_products.c.product_id)
        .join(Certification, certification_products.c.certification_id == Certification.id)
        .where(certification_products.c.product_id == Product.id, _valid_on(day),
               Certification.stars >= minimum)
        .correlate(Product)
    )


def _newest():
    return func.coalesce(Product.published_at, Product.created_at)


def order_by(sort: str, day: date) -> tuple:
    """ORDER BY for a sort value; ties broken by id so pages never overlap."""
    if sort == "price_asc":
        return (Product.price.asc(), Product.id.asc())
    if sort == "price_desc":
        return (Product.price.desc(), Product.id.desc())
    if sort == "stars":
        return (_best_valid_stars(day).desc(), _newest().desc(), Product.id.desc())
    return (_newest().desc(), Product.id.desc())


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
    """Built once (see _DAY). The form shows producers' and places' names: only the columns
    a card or a filter label reads are loaded, and touching another raises."""
    place_columns = (Locality.id, Locality.slug, Locality.name, Locality.kind, Locality.parent_id)
    place = joinedload(Producer.locality).load_only(*place_columns, raiseload=True)
    return (
        select(Category).order_by(Category.position, Category.id),
        select(Producer)
        .where(Producer.status == "approved",
               exists().where(Product.producer_id == Producer.id, Product.status == "published"))
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
             params.min_price is not None, params.max_price is not None)
    values = dict(day=day, group_code=category.group_code if category else None,
                  category_id=category.id if category else None, place_ids=sorted(place_ids),
                  producer_id=producer.id if producer else None, stars=params.stars,
                  min_price=params.min_price, max_price=params.max_price)
    return shape, values


@lru_cache(maxsize=None)
def _filtered(shape: tuple) -> Select:
    """Public products narrowed by the filters a shape names (values bound at execution)."""
    kind, place, producer, stars, min_price, max_price = shape
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
        stmt = stmt.where(_has_valid_stars(_DAY, bindparam("stars")))
    if min_price:
        stmt = stmt.where(Product.price >= bindparam("min_price"))
    if max_price:
        stmt = stmt.where(Product.price <= bindparam("max_price"))
    return stmt


@lru_cache(maxsize=None)
def _catalog_statements(shape: tuple, sort: str) -> tuple[Select, Select]:
    """The page statement (cards with the total) and the count statement for a shape and sort."""
    stmt = _filtered(shape)
    return (_cards_statement(stmt, order_by(sort, _DAY), total=True),
            stmt.with_only_columns(func.count(Product.id)).order_by(None))


def catalog_page(params: CatalogParams, choices: FilterChoices, day: date, per_page: int) -> Listing:
    """A page of the public catalog for the parameters, with the total and the last page.

    The total comes with the page through a window count (one query). A page past
    the end has no rows to carry it, so it costs one count query and comes back
    empty with `params.page` clamped to the last page: the view redirects there.
    """
    params, category, place, place_ids, producer = _resolve(params, choices)
    shape, values = _filter_values(params, day, category, place_ids, producer)
    page_stmt, count_stmt = _catalog_statements(shape, params.sort)
    rows, total = _cards(page_stmt, values, per_page, (params.page - 1) * per_page, total=True)
    if not rows and params.page > 1:
        total = db.session.scalar(count_stmt, values) or 0
    clamped, last = clamp_page(params, total, per_page)
    return Listing(rows, total, clamped, last, per_page, category, place, producer)


def _cards_statement(stmt: Select, keys: tuple, total: bool = False) -> Select:
    """Products for cards, in one statement: sort and cut narrow rows, join the wide rows after.

    Sorting (and counting) narrow (id, sort key) rows and joining the wide card rows
    (producer, place, category) for the page only costs several times less than sorting
    every wide joined row (bench/README.md). Takes :limit and :offset; with total=True each
    row carries the total count as well.
    """
    columns = [Product.id.label("product_id")]
    if total:
        columns.append(func.count().over().label("total"))
    page = (stmt.with_only_columns(*columns).order_by(*keys)
            .limit(bindparam("limit")).offset(bindparam("offset")).subquery("page"))
    return (select(Product, *([page.c.total] if total else []))
            .join(page, page.c.product_id == Product.id)
            .order_by(*keys).options(*_card_row_options()))


def _cards(stmt: Select, values: dict, limit: int, offset: int = 0, total: bool = False):
    """Run a _cards_statement(); the products with their pictures and certificates (and the total)."""
    values = dict(values, limit=limit, offset=offset)
    if not total:
        products = list(db.session.scalars(stmt, values))
        _load_card_collections(products)
        return products
    rows = db.session.execute(stmt, values).all()
    products = [row[0] for row in rows]
    _load_card_collections(products)
    return products, (rows[0][1] if rows else 0)


# --- one product ----------------------------------------------------------------------


def public_product(slug: str) -> Product | None:
    """A public product by its current slug, with everything its page shows.

    Its few pictures are joined (one round trip less); its certificates are not (SQLite
    would scan the whole certificate link table for that nested outer join): a second
    statement loads them.
    """
    product = db.session.scalars(_public_product_statement(), {"slug": slug}).unique().one_or_none()
    if product is not None:
        _load_card_collections([product], images=False)
    return product


@lru_cache(maxsize=1)
def _public_product_statement() -> Select:
    return public_products().where(Product.slug == bindparam("slug")).options(
        joinedload(Product.producer).joinedload(Producer.locality),
        joinedload(Product.category).joinedload(Category.parent),
        joinedload(Product.images),
    )


def renamed_product_slug(old_slug: str) -> str | None:
    """The current slug of a public product that used to be called old_slug."""
    return db.session.scalar(
        public_products().join(ProductSlug, ProductSlug.product_id == Product.id)
        .where(ProductSlug.slug == old_slug).with_only_columns(Product.slug))


def related_products(product: Product, day: date, limit: int = RELATED_LIMIT) -> list[Product]:
    """Other public products of the same group or producer; spirits are never recommended."""
    values = dict(product_id=product.id, category_id=product.category_id,
                  group_code=product.category.group_code, producer_id=product.producer_id)
    return [p for p in _cards(_related_statement(), values, limit) if alcohol.may_promote(p)]


@lru_cache(maxsize=1)
def _related_statement() -> Select:
    stmt = (public_products().join(Product.category)
            .where(Product.id != bindparam("product_id"),
                   or_(Category.group_code == bindparam("group_code"),
                       Product.producer_id == bindparam("producer_id")),
                   _promotable()))
    keys = ((Product.category_id == bindparam("category_id")).desc(),
            (Product.producer_id == bindparam("producer_id")).desc(), _newest().desc(), Product.id.desc())
    return _cards_statement(stmt, keys)


def _promotable():
    """SQL twin of alcohol.may_promote (the Python rule is applied to the rows as well)."""
    return or_(Product.abv.is_(None), Product.abv < alcohol.PROMOTION_BAN_ABV)


# --- home page ------------------------------------------------------------------------


def featured_products(day: date, limit: int = 8) -> list[Product]:
    """Products for the home page's featured slot: real before sample, certified first, one per
    producer before a second; never spirits (ABV ≥ 15)."""
    candidates = [p for p in _cards(_featured_statement(), {"day": day}, limit * 3) if alcohol.may_promote(p)]
    chosen, producers = [], set()
    for product in candidates:  # one product per producer first, so the slot shows variety
        if product.producer_id not in producers:
            chosen.append(product)
            producers.add(product.producer_id)
    chosen += [p for p in candidates if p not in chosen]
    return chosen[:limit]


@lru_cache(maxsize=1)
def _featured_statement() -> Select:
    keys = (Product.is_sample.asc(), _best_valid_stars(_DAY).desc(), _newest().desc(), Product.id.desc())
    return _cards_statement(public_products().where(_promotable()), keys)


def group_counts() -> dict[int, int]:
    """How many public products each OCOP group (1–6) holds."""
    rows = db.session.execute(
        public_products().join(Product.category)
        .with_only_columns(Category.group_code, func.count(Product.id))
        .group_by(Category.group_code))
    return {code: count for code, count in rows}


def top_groups() -> list[Category]:
    """The six OCOP groups in their official order."""
    return list(db.session.scalars(
        select(Category).where(Category.parent_id.is_(None)).order_by(Category.group_code)))


def place_counts(limit: int = 8) -> list[tuple[Locality, int]]:
    """Places with the most public products, with their counts."""
    count = func.count(Product.id).label("n")
    rows = db.session.execute(
        select(Locality, count)
        .join(Producer, Producer.locality_id == Locality.id)
        .join(Product, and_(Product.producer_id == Producer.id, Product.status == "published"))
        .where(Producer.status == "approved")
        .group_by(Locality.id).order_by(count.desc(), Locality.name).limit(limit))
    return [(loc, n) for loc, n in rows]


# --- certificates ---------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateView:
    """A certificate as its verification page shows it."""

    certification: Certification
    products: list[Product]
    producers: list[Producer]


def certificate_by_code(code: str) -> CertificateView | None:
    """A certificate by its public code (read the Crockford way), with its public products."""
    cert = db.session.scalar(
        select(Certification).where(Certification.public_code == normalize_public_code(code))
        .options(selectinload(Certification.products).joinedload(Product.producer)
                 .joinedload(Producer.locality)))
    if cert is None:
        return None
    public = [p for p in cert.products if p.status == "published" and p.producer.is_public]
    public.sort(key=lambda p: p.name)
    producers: dict[int, Producer] = {}
    for product in cert.products:
        if product.producer.is_public:
            producers.setdefault(product.producer.id, product.producer)
    return CertificateView(cert, public, list(producers.values()))


# --- producers' products ----------------------------------------------------------------


def product_counts_by_producer() -> dict[int, int]:
    """How many public products each producer has (producers with none are absent)."""
    rows = db.session.execute(
        public_products().with_only_columns(Product.producer_id, func.count(Product.id))
        .group_by(Product.producer_id))
    return {producer_id: n for producer_id, n in rows}


def producer_products(producer: Producer, day: date, limit: int = 24) -> tuple[list[Product], int]:
    """A producer's public products, certified first (at most `limit`), and how many there are."""
    return _cards(_producer_products_statement(), {"day": day, "producer_id": producer.id}, limit, total=True)


@lru_cache(maxsize=1)
def _producer_products_statement() -> Select:
    keys = (_best_valid_stars(_DAY).desc(), _newest().desc(), Product.id.desc())
    return _cards_statement(public_products().where(Product.producer_id == bindparam("producer_id")), keys,
                            total=True)
