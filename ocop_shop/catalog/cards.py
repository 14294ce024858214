"""Product cards: one statement for the rows of a page, two for their pictures and certificates.

Models are `lazy="raise"`, so a card that touches something not loaded here fails loudly.
Statements are built once and executed with parameters: SQLAlchemy walks a statement to find
its compiled form on every execution unless it is the same object (it memoizes the key on it),
and for a card list that walk, and building the statement, cost more than the SQL itself.
(Built on first use, not at import: the mappers are configured once every model is imported.)
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import joinedload, load_only, raiseload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from .models import Certification, Product, ProductImage, certification_products


# What the card macro reads of a product (templates/_macros/catalog.html product_card; its price
# through price_for, which needs the price and ABV).
CARD_COLUMNS = (Product.id, Product.producer_id, Product.category_id, Product.slug, Product.status,
                Product.content, Product.price, Product.abv)


def card_options() -> tuple:
    """Loader options for a product card (producer and place, category, pictures, certificates)."""
    return _card_row_options() + (selectinload(Product.images), selectinload(Product.certifications))


def _card_row_options(lean: bool = False) -> tuple:
    """The to-one part of card_options(), joined into the cards' own row.

    A card shows the producer's name and place only: their other columns (long story texts,
    contacts, licence…) are not read per row, and touching one raises, as a lazy load does.
    A producer the page loads in full elsewhere (its own page) gets every column there.
    `lean` (a page that shows nothing but cards): only what the card macro reads of the
    product, and no category; touching anything else raises.
    """
    producer = (
        joinedload(Product.producer)
        .load_only(Producer.id, Producer.slug, Producer.name, Producer.kind, Producer.status,
                   Producer.locality_id, Producer.is_sample, raiseload=True)
        .joinedload(Producer.locality)
        .load_only(Locality.id, Locality.slug, Locality.name, Locality.kind, Locality.parent_id,
                   raiseload=True))
    if lean:
        return (load_only(*CARD_COLUMNS, raiseload=True), producer, raiseload(Product.category))
    return (producer, joinedload(Product.category))


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


def cards_statement(stmt: Select, keys: tuple, total: bool = False, lean: bool = False) -> Select:
    """Products for cards, in one statement: sort and cut narrow rows, join the wide rows after.

    Sorting (and counting) narrow (id, sort key) rows and joining the wide card rows
    (producer, place, category) for the page only costs several times less than sorting
    every wide joined row (bench/README.md). Takes :limit and :offset; with total=True each
    row carries the total count as well; `lean`: see _card_row_options.
    """
    columns = [Product.id.label("product_id")]
    if total:
        columns.append(func.count().over().label("total"))
    page = (stmt.with_only_columns(*columns).order_by(*keys)
            .limit(bindparam("limit")).offset(bindparam("offset")).subquery("page"))
    return (select(Product, *([page.c.total] if total else []))
            .join(page, page.c.product_id == Product.id)
            .order_by(*keys).options(*_card_row_options(lean)))


def cards(stmt: Select, values: dict, limit: int, offset: int = 0, total: bool = False):
    """Run a cards_statement(); the products with their pictures and certificates (and the total)."""
    values = dict(values, limit=limit, offset=offset)
    if not total:
        products = list(db.session.scalars(stmt, values))
        load_card_collections(products)
        return products
    rows = db.session.execute(stmt, values).all()
    products = [row[0] for row in rows]
    load_card_collections(products)
    return products, (rows[0][1] if rows else 0)
