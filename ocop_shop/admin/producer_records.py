"""Read helpers for the office's producer pages: the filtered list and one producer's record."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..catalog.models import Certification, Product, certification_products
from ..extensions import db
from ..orders.models import Fulfilment, Order
from ..places.models import Locality
from ..producers.models import Producer
from ..text import fold

PER_PAGE = 30
ORDERS_SHOWN = 50


@dataclass(frozen=True)
class ProducerFilters:
    """What the list's filter form asked for (already checked against its choices)."""

    q: str = ""
    status: str = ""
    kind: str = ""
    place: str = ""


@dataclass(frozen=True)
class ProducerPage:
    rows: list[Producer]
    product_counts: dict[int, int]
    total: int
    page: int
    last_page: int


def place_choices() -> list[Locality]:
    """Places producers are in, with the places above them, by name."""
    used = select(Producer.locality_id).where(Producer.locality_id.is_not(None))
    parents = select(Locality.parent_id).where(Locality.id.in_(used))
    return list(db.session.scalars(select(Locality).where(or_(Locality.id.in_(used), Locality.id.in_(parents)))
                                   .order_by(Locality.name)))


def producer_page(filters: ProducerFilters, page: int, per_page: int = PER_PAGE) -> ProducerPage:
    """Producers matching the filters, pending applications first, then by name; one page of them."""
    query = select(Producer.id, Producer.name)
    if filters.status:
        query = query.where(Producer.status == filters.status)
    if filters.kind:
        query = query.where(Producer.kind == filters.kind)
    if filters.place:
        places = select(Locality.id).where(or_(Locality.slug == filters.place, Locality.parent_id.in_(
            select(Locality.id).where(Locality.slug == filters.place))))
        query = query.where(Producer.locality_id.in_(places))
    pending_first = case((Producer.status == "pending", 0), else_=1)
    rows = db.session.execute(query.order_by(pending_first, Producer.name, Producer.id)).all()
    if filters.q:  # names are few (hundreds): folded in Python, so "hop tac xa" finds "Hợp tác xã"
        wanted = fold(filters.q)
        rows = [row for row in rows if wanted in fold(row.name)]
    total = len(rows)
    last_page = max(1, -(-total // per_page))
    page = min(max(page, 1), last_page)
    ids = [row.id for row in rows[(page - 1) * per_page:page * per_page]]
    found = {p.id: p for p in db.session.scalars(
        select(Producer).where(Producer.id.in_(ids)).options(joinedload(Producer.locality)))} if ids else {}
    counts = dict(db.session.execute(select(Product.producer_id, func.count(Product.id))
                                     .where(Product.producer_id.in_(ids)).group_by(Product.producer_id)).all())
    return ProducerPage([found[i] for i in ids], counts, total, page, last_page)


@dataclass
class ProducerRecord:
    """Everything the record page shows about one producer."""

    producer: Producer
    members: list[User] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    certificates: list[Certification] = field(default_factory=list)
    parcels: list[tuple[Fulfilment, Order]] = field(default_factory=list)
    parcel_count: int = 0


def producer_by_slug(slug: str) -> Producer | None:
    """A producer of any status by slug, with its place and the place above it."""
    return db.session.scalar(select(Producer).where(Producer.slug == slug).options(
        joinedload(Producer.locality).joinedload(Locality.parent)))


def producer_record(producer: Producer) -> ProducerRecord:
    """The producer's members, products, certificates and latest parcels."""
    members = db.session.scalars(select(User).where(User.producer_id == producer.id).order_by(User.name, User.id))
    products = list(db.session.scalars(
        select(Product).where(Product.producer_id == producer.id)
        .options(selectinload(Product.certifications)).order_by(Product.status, Product.id)))
    certificates = db.session.scalars(
        select(Certification).where(Certification.id.in_(
            select(certification_products.c.certification_id)
            .join(Product, Product.id == certification_products.c.product_id)
            .where(Product.producer_id == producer.id)))
        .options(selectinload(Certification.products))
        .order_by(Certification.expires_on.desc(), Certification.id.desc()))
    parcels = db.session.execute(
        select(Fulfilment, Order).join(Order, Order.id == Fulfilment.order_id)
        .where(Fulfilment.producer_id == producer.id)
        .order_by(Order.placed_at.desc(), Order.id.desc()).limit(ORDERS_SHOWN)).all()
    parcel_count = db.session.scalar(select(func.count(Fulfilment.id)).where(Fulfilment.producer_id == producer.id))
    return ProducerRecord(producer, list(members), products, list(certificates),
                          [tuple(row) for row in parcels], parcel_count or 0)
