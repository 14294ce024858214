"""Read helpers for the office's booking pages: the filtered list, its choices, one request."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from ..audit import AuditLog
from ..catalog.models import Product
from ..extensions import db
from ..tourism.experiences import BookingRequest
from ..producers.models import Producer

PER_PAGE = 50
LATE_BOOKING = timedelta(hours=48)  # a booking request nobody has answered for this long


def late_booking(now: datetime):
    """The predicate of a booking request unanswered for 48 hours (new, sent before now − 48 h)."""
    return and_(BookingRequest.status == "new", BookingRequest.created_at < now - LATE_BOOKING)


@dataclass(frozen=True)
class BookingPage:
    rows: list
    total: int
    page: int
    last_page: int


def with_product():
    """Loader option: the request's experience and its host."""
    return joinedload(BookingRequest.product).joinedload(Product.producer)


def booking_list(state: str, producer_id: str, product_id: str, page: int, now: datetime) -> BookingPage:
    """Booking requests, newest first, filtered by state ('late': new for 48 hours), host and experience."""
    query = select(BookingRequest)
    if state == "late":
        query = query.where(late_booking(now))
    elif state:
        query = query.where(BookingRequest.status == state)
    if producer_id:
        query = query.where(BookingRequest.producer_id == int(producer_id))
    if product_id:
        query = query.where(BookingRequest.product_id == int(product_id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    last_page = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), last_page)
    rows = db.session.scalars(query.options(with_product())
                              .order_by(BookingRequest.created_at.desc(), BookingRequest.id.desc())
                              .limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return BookingPage(list(rows), total, page, last_page)


def filter_choices(lang: str) -> tuple[list, list]:
    """The hosts and the experiences that have booking requests, as (id, name) sorted by name."""
    producers = db.session.execute(select(Producer.id, Producer.name).where(
        Producer.id.in_(select(BookingRequest.producer_id))).order_by(Producer.name)).all()
    products = db.session.scalars(select(Product).where(Product.id.in_(select(BookingRequest.product_id)))).all()
    experiences = sorted(((p.id, p.text("name", lang)) for p in products), key=lambda pair: pair[1].casefold())
    return [tuple(row) for row in producers], experiences


def history(booking: BookingRequest) -> list[AuditLog]:
    """What the office did to this request (its audit rows), oldest first."""
    return list(db.session.scalars(select(AuditLog).where(
        AuditLog.object_type == "BookingRequest", AuditLog.object_id == booking.id).order_by(AuditLog.id)))
