"""Product cards: one statement for a page of cards, everything a card shows in its row.

Card lists are read as plain rows into records (card_records.py): one row per card with the
product, producer and place columns a card shows, its first picture and the certificate its
badge shows (the best one valid on the day). Pages that need the products themselves (a
form beside the card, the product page's own product) use product_cards_statement(), ORM
objects cut to the page the same way; models are `lazy="raise"`, so touching something not
loaded fails loudly.
Statements are built once and executed with parameters: SQLAlchemy walks a statement to find
its compiled form on every execution unless it is the same object (it memoizes the key on it),
and for a card list that walk, and building the statement, cost more than the SQL itself.
(Built on first use, not at import: the mappers are configured once every model is imported.)
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import Date, Integer, Select, bindparam, func, select, true
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from ..timeutil import local_today
from .card_records import CardCertificate, CardImage, CardPlace, CardProducer, ProductCard
from .models import Certification, Product, ProductImage, certification_products

# One card row: the ProductCard fields, then the CardProducer's, the CardPlace's, the first
# picture's (CardImage) and the shown certificate's (CardCertificate), in order.
PRODUCT_COLUMNS = (Product.id, Product.producer_id, Product.category_id, Product.slug, Product.status,
                   Product.content, Product.price, Product.abv, Product.stock, Product.is_sample,
                   Product.season_from, Product.season_to)
PRODUCER_COLUMNS = (Producer.id, Producer.slug, Producer.name, Producer.kind, Producer.is_sample)
PLACE_COLUMNS = (Locality.id, Locality.name)
_IMAGES = ProductImage.__table__
_IMAGE = _IMAGES.alias("card_image")  # table aliases: no mapper is configured at import
IMAGE_COLUMNS = (_IMAGE.c.id, _IMAGE.c.key, _IMAGE.c.width, _IMAGE.c.height, _IMAGE.c.alt)
_CERTIFICATE = Certification.__table__.alias("card_certificate")
CERTIFICATE_COLUMNS = (_CERTIFICATE.c.id, _CERTIFICATE.c.stars, _CERTIFICATE.c.issued_on, _CERTIFICATE.c.expires_on,
                       _CERTIFICATE.c.revoked, _CERTIFICATE.c.superseded_on)
_PRODUCER_AT = len(PRODUCT_COLUMNS)
_PLACE_AT = _PRODUCER_AT + len(PRODUCER_COLUMNS)
_IMAGE_AT = _PLACE_AT + len(PLACE_COLUMNS)
_CERTIFICATE_AT = _IMAGE_AT + len(IMAGE_COLUMNS)
_TOTAL_AT = _CERTIFICATE_AT + len(CERTIFICATE_COLUMNS)
# The day a card's certificate must be valid on: today in Việt Nam, when the statement runs.
CARD_DAY = bindparam("card_day", callable_=local_today, type_=Date)


def _page(stmt: Select, keys: tuple, total: bool) -> Select:
    """The page's product ids: sort and cut narrow rows (and count them), before any wide row is joined.

    Sorting (and counting) narrow (id, sort key) rows and joining the wide card rows for the
    page only costs several times less than sorting every wide joined row (bench/README.md).
    LIMIT and OFFSET are written into the SQL text when it runs (the same few values recur):
    with them as parameters, PostgreSQL's plan for the prepared statement (the generic plan,
    which knows no LIMIT) could not walk an index for the first rows (migration perf_0003), so
    every execution was planned again.
    """
    columns = [Product.id.label("product_id")]
    if total:
        columns.append(func.count().over().label("total"))
    return (stmt.with_only_columns(*columns).order_by(*keys)
            .limit(bindparam("limit", type_=Integer, literal_execute=True))
            .offset(bindparam("offset", type_=Integer, literal_execute=True)).subquery("page"))


def cards_statement(stmt: Select, keys: tuple, total: bool = False, lateral: bool = False) -> Select:
    """Card rows for the products of `stmt` in the order of `keys`, in one statement, for cards().

    Takes :limit and :offset; with total=True each row carries the total count as well.
    lateral=True (PostgreSQL only) reads each card's picture and certificate with LEFT JOIN LATERAL
    (… LIMIT 1), card by card: joined on the correlated subquery's id instead, PostgreSQL's plan
    for a few cards hashes the whole table (the product page's related cards: 0.38 -> 0.26 ms with
    a literal LIMIT, bench/README.md). The same rule either way (_first_image, _shown_certificate).
    """
    page = _page(stmt, keys, total)
    if lateral:  # short aliases inside: the related statement stays under psycopg's 4 KB
        images, certificates = _IMAGES.alias("i"), aliased(Certification, name="c")
        image = _first_image(images, *(images.c[c.name] for c in IMAGE_COLUMNS)).lateral("card_image")
        certificate = _shown_certificate(certificates, certification_products.alias("l"),
                                         *(getattr(certificates, c.name) for c in CERTIFICATE_COLUMNS))
        joins = ((image, true()), (certificate.lateral("card_certificate"), true()))
        columns = (*image.c, *joins[1][0].c)
    else:
        joins = ((_IMAGE, _IMAGE.c.id == _first_image(_IMAGES, _IMAGES.c.id).scalar_subquery()),
                 (_CERTIFICATE, _CERTIFICATE.c.id == _shown_certificate(
                     Certification, certification_products, Certification.id).scalar_subquery()))
        columns = (*IMAGE_COLUMNS, *CERTIFICATE_COLUMNS)
    statement = (select(*PRODUCT_COLUMNS, *PRODUCER_COLUMNS, *PLACE_COLUMNS, *columns,
                        *([page.c.total] if total else []))
                 .join(page, page.c.product_id == Product.id)
                 .join(Producer, Producer.id == Product.producer_id)
                 .outerjoin(Locality, Locality.id == Producer.locality_id))
    for table, on in joins:
        statement = statement.outerjoin(table, on)
    return statement.order_by(*keys)


def _first_image(images, *columns) -> Select:
    """The product's first picture (the one cards show) from `images` (the pictures' table or an
    alias of it), correlated to the card's product."""
    return (select(*columns).where(images.c.product_id == Product.id)
            .order_by(images.c.position, images.c.id).limit(1).correlate(Product))


def _shown_certificate(certificates, link, *columns) -> Select:
    """The certificate a card's badge shows: the best valid on the day (Product.valid_certification's
    choice, through Certification.valid_on, the SQL twin of is_valid), correlated to the card's product.
    `certificates` is Certification or an alias of it, `link` the link table or an alias of it."""
    return (select(*columns).join(link, link.c.certification_id == certificates.id)
            .where(link.c.product_id == Product.id, certificates.valid_on(CARD_DAY))
            .order_by(certificates.stars.desc(), certificates.expires_on.desc(), certificates.id)
            .limit(1).correlate(Product))


def cards(stmt: Select, values: dict, limit: int, offset: int = 0, total: bool = False):
    """Run a cards_statement(); the cards (and the total).

    Through the session's connection (Core execution, same transaction): the statement selects
    columns, never entities, and the ORM's result handling of session.execute cost ~80 µs a list.
    Card lists are read by GET pages (and a booking form shown again), with nothing pending to flush.
    """
    rows = db.session.connection().execute(stmt, dict(values, limit=limit, offset=offset)).all()
    records = [_record(row) for row in rows]
    remember(records)
    if not total:
        return records
    return records, (rows[0][_TOTAL_AT] if rows else 0)


def _record(row) -> ProductCard:
    place = CardPlace(*row[_PLACE_AT:_IMAGE_AT]) if row[_PLACE_AT] is not None else None
    producer = CardProducer(*row[_PRODUCER_AT:_PLACE_AT], place)
    image = (CardImage(*row[_IMAGE_AT:_CERTIFICATE_AT]),) if row[_IMAGE_AT] is not None else ()
    certificate = (CardCertificate(*row[_CERTIFICATE_AT:_TOTAL_AT]),) if row[_CERTIFICATE_AT] is not None else ()
    return ProductCard(*row[:_PRODUCER_AT], producer, image, certificate)


def remember(records: list[ProductCard]) -> None:
    """Keep the records with the session, as its identity map keeps ORM products (see loaded())."""
    db.session.info.setdefault("product_cards", []).extend(records)


def loaded() -> list[ProductCard]:
    """The card records this session has loaded (the page's cards): price_for prices them together."""
    return db.session.info.get("product_cards", [])


# --- ORM products for cards -------------------------------------------------------------


def product_cards_statement(stmt: Select, keys: tuple) -> Select:
    """The products of `stmt` in the order of `keys` as ORM objects, with what a card shows of their
    producer, place and category joined (pictures and certificates: load_card_collections()).
    For a page that needs more of a product than its card. Takes :limit and :offset."""
    page = _page(stmt, keys, total=False)
    return (select(Product).join(page, page.c.product_id == Product.id).order_by(*keys)
            .options(*_card_row_options(), joinedload(Product.category)))


def card_products(stmt: Select, keys: tuple, values: dict, limit: int) -> list[Product]:
    """Run a product_cards_statement() built now; the products with their pictures and certificates."""
    products = list(db.session.scalars(product_cards_statement(stmt, keys), dict(values, limit=limit, offset=0)))
    load_card_collections(products)
    return products


def _card_row_options() -> tuple:
    """A card's producer and place, joined: only the columns a card shows (touching another raises,
    as a lazy load does). A producer the page loads in full elsewhere gets every column there."""
    return (joinedload(Product.producer)
            .load_only(Producer.id, Producer.slug, Producer.name, Producer.kind, Producer.status,
                       Producer.locality_id, Producer.is_sample, raiseload=True)
            .joinedload(Producer.locality)
            .load_only(Locality.id, Locality.slug, Locality.name, Locality.kind, Locality.parent_id,
                       raiseload=True),)


@lru_cache(maxsize=1)
def _card_collection_statements() -> tuple[Select, Select]:
    ids = bindparam("ids", expanding=True)
    images = (select(ProductImage).where(ProductImage.product_id.in_(ids))
              .order_by(ProductImage.product_id, ProductImage.position, ProductImage.id))
    certifications = (select(certification_products.c.product_id, Certification)
                      .join(certification_products, certification_products.c.certification_id == Certification.id)
                      .where(certification_products.c.product_id.in_(ids)))
    return images, certifications


def load_card_collections(products: list[Product], images: bool = True) -> None:
    """Pictures and certificates of ORM products: a statement each, as selectinload would run.

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
