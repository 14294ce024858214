"""Read helpers for the storefront: every relationship a page shows is loaded here.

Models are `lazy="raise"`, so a page that touches something not loaded fails
loudly; the query counts per page stay the same at any catalog size
(tests/test_query_counts.py). Product cards are loaded by `cards.py`; the catalog
page with its filters is `listing.py`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, and_, bindparam, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased, joinedload, selectinload

from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from ..timeutil import local_today
from . import alcohol
from .card_records import ProductCard
from .cards import cards, cards_statement, load_card_collections
from .certificates import normalize_public_code
from .models import Category, Certification, Product, ProductSlug, certification_products

RELATED_LIMIT = 4
DAY = bindparam("day")  # the day certificates must be valid on, bound at execution (see cards.py)


def public_products() -> Select:
    """Published products of approved producers, on sale today: what the public may see.

    The one place the storefront decides visibility (lists, pages, search result pages, the
    sitemap); a drink whose producer's alcohol licence has lapsed is out (alcohol.on_sale_clause).
    """
    return (select(Product).join(Product.producer)
            .where(Product.status == "published", Producer.status == "approved", alcohol.on_sale_clause()))


def _valid_on(day: date):
    return Certification.valid_on(day)


def best_valid_stars(day: date):
    """The highest star level among the product's certificates valid on the day (0 if none)."""
    best = (select(func.max(Certification.stars))
            .join(certification_products, certification_products.c.certification_id == Certification.id)
            .where(certification_products.c.product_id == Product.id, _valid_on(day))
            .correlate(Product).scalar_subquery())
    return func.coalesce(best, 0)


def has_valid_stars(day: date, minimum: int):
    return exists(
        select(certification_products.c.product_id)
        .join(Certification, certification_products.c.certification_id == Certification.id)
        .where(certification_products.c.product_id == Product.id, _valid_on(day),
               Certification.stars >= minimum)
        .correlate(Product)
    )


def newest():
    return func.coalesce(Product.published_at, Product.created_at)


# --- one product ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProductPage:
    """A public product with what its page shows: producer, place, category, pictures,
    certificates, and its related products (never spirits) for cards."""

    product: Product
    related: list[Product]


def product_page(slug: str, limit: int = RELATED_LIMIT) -> ProductPage | None:
    """The public product with this current slug and its related products, in one statement;
    the pictures and certificates of all of them in one statement each."""
    rows = db.session.execute(_product_page_statement(), {"slug": slug, "limit": limit}).all()
    if not rows or rows[0].rank != 0:  # no public product by that slug (related rows alone)
        return None
    products = [row[0] for row in rows]
    load_card_collections(products)
    return ProductPage(products[0], [p for p in products[1:] if alcohol.may_promote(p)])


def public_product(slug: str) -> Product | None:
    """A public product by its current slug, with its producer, place and category (one statement)."""
    return db.session.scalars(_public_product_statement(), {"slug": slug}).one_or_none()


def related_products(product: Product) -> list[Product]:
    """Other public products of the same group or producer (spirits never), for a product
    loaded by public_product(); its own pictures and certificates are loaded with theirs."""
    page = product_page(product.slug)
    if page is None:  # unpublished since public_product() read it (PostgreSQL reads committed rows)
        load_card_collections([product])
        return []
    return page.related


def renamed_product_slug(old_slug: str) -> str | None:
    """The current slug of a public product that used to be called old_slug."""
    return db.session.scalar(
        public_products().join(ProductSlug, ProductSlug.product_id == Product.id)
        .where(ProductSlug.slug == old_slug).with_only_columns(Product.slug))


def _with_page_rows(stmt: Select) -> Select:
    return stmt.options(joinedload(Product.producer).joinedload(Producer.locality),
                        joinedload(Product.category).joinedload(Category.parent))


@lru_cache(maxsize=1)
def _public_product_statement() -> Select:
    return _with_page_rows(public_products().where(Product.slug == bindparam("slug")))


@lru_cache(maxsize=1)
def _product_page_statement() -> Select:
    """The product by :slug (rank 0), then its :limit related products (rank 1), as rows
    (Product, rank): the few ids come first, then their wide rows are joined."""
    keys = _related_keys()
    ranked = union_all(select(Product.id.label("product_id"), literal(0).label("rank"))
                       .where(Product.slug == bindparam("slug")), _related_ids(keys)).subquery("ranked")
    return _with_page_rows(public_products().join(ranked, ranked.c.product_id == Product.id)
                           .add_columns(ranked.c.rank).order_by(ranked.c.rank, *keys))


def _of_this(column):
    """A column of the product :slug, for statements about its related products."""
    return select(column).where(column.table.c.slug == bindparam("slug")).scalar_subquery()


def _related_keys() -> tuple:
    """Related products' order: the product's own category first, then its producer's, then the newest."""
    this = aliased(Product)
    return ((Product.category_id == _of_this(this.category_id)).desc(),
            (Product.producer_id == _of_this(this.producer_id)).desc(), newest().desc(), Product.id.desc())


def _related_ids(keys: tuple) -> Select:
    """Ids of the :limit public products of the same OCOP group or producer as the product :slug,
    first by `keys`; never spirits."""
    this, group = aliased(Product), aliased(Category)
    # The group's categories by id (an index on category_id) instead of joining every public
    # product's category to compare group codes.
    group_code = select(group.group_code).where(group.id == _of_this(this.category_id)).scalar_subquery()
    group_ids = select(Category.id).where(Category.group_code == group_code).scalar_subquery()
    page = (public_products()
            .where(Product.id != _of_this(this.id), _promotable(),
                   or_(Product.category_id.in_(group_ids), Product.producer_id == _of_this(this.producer_id)))
            .with_only_columns(Product.id.label("product_id")).order_by(*keys)
            .limit(bindparam("limit")).subquery("related"))
    return select(page.c.product_id, literal(1).label("rank"))


def _promotable():
    """SQL twin of alcohol.may_promote (the Python rule is applied to the rows as well)."""
    return or_(Product.abv.is_(None), Product.abv < alcohol.PROMOTION_BAN_ABV)


# --- home page ------------------------------------------------------------------------


def featured_products(day: date, limit: int = 8) -> list[ProductCard]:
    """Products for the home page's featured slot: real before sample, certified first, one per
    producer before a second; never spirits (ABV ≥ 15)."""
    candidates = [p for p in cards(_featured_statement(), {"day": day}, limit * 3) if alcohol.may_promote(p)]
    chosen, producers = [], set()
    for product in candidates:  # one product per producer first, so the slot shows variety
        if product.producer_id not in producers:
            chosen.append(product)
            producers.add(product.producer_id)
    chosen += [p for p in candidates if p not in chosen]
    return chosen[:limit]


@lru_cache(maxsize=1)
def _featured_statement() -> Select:
    keys = (Product.is_sample.asc(), best_valid_stars(DAY).desc(), newest().desc(), Product.id.desc())
    return cards_statement(public_products().where(_promotable()), keys)


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
        .where(Producer.status == "approved", alcohol.on_sale_clause())
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
                 .joinedload(Producer.locality), joinedload(Certification.superseded_by)))
    if cert is None:
        return None
    today = local_today()
    public = [p for p in cert.products
              if p.status == "published" and p.producer.is_public and alcohol.on_sale(p, p.producer, today)]
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


def producer_products(producer: Producer, day: date, limit: int = 24) -> tuple[list[ProductCard], int]:
    """A producer's public products, certified first (at most `limit`), and how many there are."""
    return cards(_producer_products_statement(), {"day": day, "producer_id": producer.id}, limit, total=True)


@lru_cache(maxsize=1)
def _producer_products_statement() -> Select:
    keys = (best_valid_stars(DAY).desc(), newest().desc(), Product.id.desc())
    return cards_statement(public_products().where(Product.producer_id == bindparam("producer_id")), keys,
                            total=True)
