"""Read helpers for the storefront: every relationship a page shows is loaded here.

Models are `lazy="raise"`, so a page that touches something not loaded fails
loudly; the query counts per page stay the same at any catalog size
(tests/test_query_counts.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from . import alcohol
from .certificates import normalize_public_code
from .models import Category, Certification, Product, ProductSlug, certification_products
from .params import CatalogParams, clamp_page, not_found

RELATED_LIMIT = 4


def card_options() -> tuple:
    """Loader options for a product card (producer and place, category, pictures, certificates)."""
    return (
        joinedload(Product.producer).joinedload(Producer.locality),
        joinedload(Product.category),
        selectinload(Product.images),
        selectinload(Product.certifications),
    )


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
    categories = list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))
    groups = sorted((c for c in categories if c.parent_id is None), key=lambda c: c.group_code)
    subs: dict[int, list[Category]] = {}
    for c in categories:
        if c.parent_id is not None:
            subs.setdefault(c.parent_id, []).append(c)
    producers = list(db.session.scalars(
        select(Producer)
        .where(Producer.status == "approved",
               exists().where(Product.producer_id == Producer.id, Product.status == "published"))
        .options(joinedload(Producer.locality).joinedload(Locality.parent))
        .order_by(Producer.name)))
    places: dict[int, Locality] = {}
    for producer in producers:
        if producer.locality is not None:
            places.setdefault(producer.locality.id, producer.locality)
    return FilterChoices(groups, subs, sorted(places.values(), key=lambda p: p.name), producers)


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


def _filtered(params: CatalogParams, day: date, category, place_ids, producer) -> Select:
    stmt = public_products()
    if category is not None:
        if category.parent_id is None:
            stmt = stmt.join(Product.category).where(Category.group_code == category.group_code)
        else:
            stmt = stmt.where(Product.category_id == category.id)
    if place_ids:
        stmt = stmt.where(Producer.locality_id.in_(place_ids))
    if producer is not None:
        stmt = stmt.where(Product.producer_id == producer.id)
    if params.stars is not None:
        stmt = stmt.where(_has_valid_stars(day, params.stars))
    if params.min_price is not None:
        stmt = stmt.where(Product.price >= params.min_price)
    if params.max_price is not None:
        stmt = stmt.where(Product.price <= params.max_price)
    return stmt


def catalog_page(params: CatalogParams, choices: FilterChoices, day: date, per_page: int) -> Listing:
    """A page of the public catalog for the parameters, with the total and the last page.

    The total comes with the page through a window count (one query). A page past
    the end has no rows to carry it, so it costs one count query and comes back
    empty with `params.page` clamped to the last page: the view redirects there.
    """
    params, category, place, place_ids, producer = _resolve(params, choices)
    stmt = _filtered(params, day, category, place_ids, producer)
    rows, total = _page_rows(stmt, params, day, per_page)
    if not rows and params.page > 1:
        total = db.session.scalar(stmt.with_only_columns(func.count(Product.id)).order_by(None)) or 0
    clamped, last = clamp_page(params, total, per_page)
    return Listing(rows, total, clamped, last, per_page, category, place, producer)


def _page_rows(stmt: Select, params: CatalogParams, day: date, per_page: int) -> tuple[list[Product], int]:
    return _cards(stmt, order_by(params.sort, day), per_page, (params.page - 1) * per_page, total=True)


def _cards(stmt: Select, keys: tuple, limit: int, offset: int = 0, total: bool = False):
    """Products for cards, in one statement: sort and cut narrow rows, join the wide rows after.

    Sorting (and counting) narrow (id, sort key) rows and joining the wide card rows
    (producer, place, category) for the page only costs several times less than sorting
    every wide joined row (bench/README.md). With total=True returns (products, total).
    """
    columns = [Product.id.label("product_id")]
    if total:
        columns.append(func.count().over().label("total"))
    page = stmt.with_only_columns(*columns).order_by(*keys).limit(limit).offset(offset).subquery("page")
    query = (select(Product, *([page.c.total] if total else []))
             .join(page, page.c.product_id == Product.id)
             .order_by(*keys).options(*card_options()))
    if not total:
        return list(db.session.scalars(query))
    rows = db.session.execute(query).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


# --- one product ----------------------------------------------------------------------


def public_product(slug: str) -> Product | None:
    """A public product by its current slug, with everything its page shows.

    Its few pictures are joined (one round trip less); its certificates are not: SQLite
    would scan the whole certificate link table for that nested outer join.
    """
    return db.session.scalars(
        public_products().where(Product.slug == slug).options(
            joinedload(Product.producer).joinedload(Producer.locality),
            joinedload(Product.category).joinedload(Category.parent),
            joinedload(Product.images),
            selectinload(Product.certifications),
        )).unique().one_or_none()


def renamed_product_slug(old_slug: str) -> str | None:
    """The current slug of a public product that used to be called old_slug."""
    return db.session.scalar(
        public_products().join(ProductSlug, ProductSlug.product_id == Product.id)
        .where(ProductSlug.slug == old_slug).with_only_columns(Product.slug))


def related_products(product: Product, day: date, limit: int = RELATED_LIMIT) -> list[Product]:
    """Other public products of the same group or producer; spirits are never recommended."""
    same_category = (Product.category_id == product.category_id)
    stmt = (public_products().join(Product.category)
            .where(Product.id != product.id,
                   or_(Category.group_code == product.category.group_code,
                       Product.producer_id == product.producer_id),
                   _promotable()))
    keys = (same_category.desc(), (Product.producer_id == product.producer_id).desc(),
            _newest().desc(), Product.id.desc())
    return [p for p in _cards(stmt, keys, limit) if alcohol.may_promote(p)]


def _promotable():
    """SQL twin of alcohol.may_promote (the Python rule is applied to the rows as well)."""
    return or_(Product.abv.is_(None), Product.abv < alcohol.PROMOTION_BAN_ABV)


# --- home page ------------------------------------------------------------------------


def featured_products(day: date, limit: int = 8) -> list[Product]:
    """Products for the home page's featured slot: real before sample, certified first, one per
    producer before a second; never spirits (ABV ≥ 15)."""
    keys = (Product.is_sample.asc(), _best_valid_stars(day).desc(), _newest().desc(), Product.id.desc())
    candidates = [p for p in _cards(public_products().where(_promotable()), keys, limit * 3)
                  if alcohol.may_promote(p)]
    chosen, producers = [], set()
    for product in candidates:  # one product per producer first, so the slot shows variety
        if product.producer_id not in producers:
            chosen.append(product)
            producers.add(product.producer_id)
    chosen += [p for p in candidates if p not in chosen]
    return chosen[:limit]


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
    keys = (_best_valid_stars(day).desc(), _newest().desc(), Product.id.desc())
    return _cards(public_products().where(Product.producer_id == producer.id), keys, limit, total=True)
