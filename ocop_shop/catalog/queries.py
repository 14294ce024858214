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

from sqlalchemy import Integer, Select, and_, bindparam, exists, func, or_, select, union_all
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from ..database import sql_constant
from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from ..timeutil import local_today
from . import alcohol
from .card_records import ProductCard
from .cards import cards, cards_statement
from .certificates import normalize_public_code
from .models import Category, Certification, Product, ProductSlug, certification_products

RELATED_LIMIT = 4
# How many related products: cards() binds :limit for the card page; the related products' own
# statement compares and limits with its own name, written into the SQL text when it runs (as the
# card page's LIMIT, cards._page): PostgreSQL's plan for the prepared statement then knows how few
# rows each side gives and joins the cards' rows through the primary key instead of hashing them.
RELATED = bindparam("related_limit", type_=Integer, literal_execute=True)
DAY = bindparam("day")  # the day certificates must be valid on, bound at execution (see cards.py)
# What the product page shows of its producer and place (and what the storefront's rules read).
PAGE_PRODUCER = (Producer.id, Producer.slug, Producer.name, Producer.kind, Producer.status, Producer.locality_id,
                 Producer.content, Producer.is_sample, Producer.alcohol_licence_expires_on)
PAGE_PLACE = (Locality.id, Locality.slug, Locality.name, Locality.kind, Locality.parent_id)


def public_products() -> Select:
    """Published products of approved producers, on sale today: what the public may see.

    The one place the storefront decides visibility (lists, pages, search result pages, the
    sitemap); a drink whose producer's alcohol licence has lapsed is out (alcohol.on_sale_clause).
    The two states are written into the SQL text (database.sql_constant): PostgreSQL's plan for a
    prepared statement then knows nearly every product is published (the related products read
    their category's through its index, not every published product's row).
    """
    return (select(Product).join(Product.producer)
            .where(Product.status == sql_constant("published"), Producer.status == sql_constant("approved"),
                   alcohol.on_sale_clause()))


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


def public_product(slug: str) -> Product | None:
    """A public product by its current slug, with its producer, place, category, pictures and
    certificates (one statement)."""
    return db.session.execute(_public_product_statement(), {"slug": slug}).unique().scalar_one_or_none()


def related_products(product: Product, limit: int = RELATED_LIMIT) -> list[ProductCard]:
    """Cards of other public products of the same OCOP group or producer (spirits never), own
    category first, then the producer's, then the newest (one statement)."""
    this = {"product_id": product.id, "category_id": product.category_id, "producer_id": product.producer_id,
            "group_code": product.category.group_code, "related_limit": limit}
    lateral = db.session.get_bind().dialect.name == "postgresql"
    return [card for card in cards(_related_statement(lateral), this, limit) if alcohol.may_promote(card)]


def renamed_product_slug(old_slug: str) -> str | None:
    """The current slug of a public product that used to be called old_slug."""
    return db.session.scalar(
        public_products().join(ProductSlug, ProductSlug.product_id == Product.id)
        .where(ProductSlug.slug == old_slug).with_only_columns(Product.slug))


@lru_cache(maxsize=1)
def _public_product_statement() -> Select:
    """The product :slug with the rows its page shows: one row per (picture, certificate) pair,
    a product has few of each. The certificates are joined by hand, link then certificate (the
    eager loader nests the two in parentheses, which SQLite builds for every product first).

    The producer is the one public_products() joins (not joined a second time) and, with its
    place, only the columns the page shows (PAGE_PRODUCER, PAGE_PLACE): a producer row has some
    thirty. Another column is still loaded when read (a statement of its own, as for a deferred
    column: tests/test_product_page_queries.py counts the page's statements)."""
    link = certification_products
    return (public_products().where(Product.slug == bindparam("slug"))
            .outerjoin(Locality, Locality.id == Producer.locality_id)
            .outerjoin(link, link.c.product_id == Product.id)
            .outerjoin(Certification, Certification.id == link.c.certification_id)
            .options(contains_eager(Product.producer).load_only(*PAGE_PRODUCER)
                     .contains_eager(Producer.locality).load_only(*PAGE_PLACE),
                     joinedload(Product.category).joinedload(Category.parent),
                     joinedload(Product.images), contains_eager(Product.certifications)))


@lru_cache(maxsize=2)
def _related_statement(lateral: bool) -> Select:
    """Card rows of the :related_limit products related to the product :product_id (of :category_id in
    OCOP group :group_code, by :producer_id), in their order (see _related_ids); `lateral` on
    PostgreSQL (cards_statement).

    Its text stays under psycopg's 4 KB (MAX_CACHED_STATEMENT_LENGTH): a longer statement is parsed
    for its placeholders again on every execution (tests/test_product_page_queries.py)."""
    keys = ((Product.category_id == bindparam("category_id")).desc(),
            (Product.producer_id == bindparam("producer_id")).desc(), newest().desc(), Product.id.desc())
    ids = _related_ids(keys).subquery("related")
    return cards_statement(select(Product).join(ids, ids.c.product_id == Product.id), keys, lateral=lateral)


def _related_ids(keys: tuple) -> Select:
    """Ids of public products other than :product_id (never spirits) of its category, or of its
    OCOP group or producer: at most :related_limit of each kind, the first by `keys`.

    Every product of its own category ranks above every other one (the first key), so the best
    :related_limit of its category are the answer when there are that many: the rest of the group
    and the producer's other products are read only when there are not (a one-time filter both
    databases evaluate before scanning), instead of sorting the whole group on every page.
    """
    category_id, producer_id = bindparam("category_id"), bindparam("producer_id")
    candidates = public_products().where(Product.id != bindparam("product_id"), _promotable())
    best = _first(candidates.where(Product.category_id == category_id), keys).cte("same_category")
    group = select(Category.id).where(Category.group_code == bindparam("group_code"))
    rest = _first(candidates.where(select(func.count()).select_from(best).scalar_subquery() < RELATED,
                                   Product.category_id != category_id,
                                   or_(Product.category_id.in_(group), Product.producer_id == producer_id)), keys)
    return union_all(select(best.c.product_id), select(rest.subquery("rest").c.product_id))


def _first(candidates: Select, keys: tuple) -> Select:
    """The ids of the first :related_limit of `candidates` by `keys`, less the first key (the same
    for every row of one side: own category or not)."""
    return (candidates.with_only_columns(Product.id.label("product_id")).order_by(*keys[1:])
            .limit(RELATED))


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
