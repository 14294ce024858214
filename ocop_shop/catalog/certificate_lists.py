"""The office's lists of certificates (all, expiring, expired, revoked, superseded) and one certificate.

Days are days in Asia/Ho_Chi_Minh (`timeutil.local_today`), passed in by the caller; the
states match `Certification.state` for the same day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..producers.models import Producer
from .models import Certification, Product

LIST_FILTERS = ("all", "expiring_30", "expiring_90", "expired", "revoked", "superseded")


def expiring_within(days: int, today: date):
    """Valid today, not renewed, expiring at most `days` days from today (the renewal reminders' window)."""
    return and_(Certification.valid_on(today), Certification.superseded_by_id.is_(None),
                Certification.expires_on <= today + timedelta(days=days))


def _superseded(today: date):
    return and_(Certification.revoked.is_(False), Certification.superseded_on <= today)


def filter_clause(name: str, today: date):
    """The SQL condition of one list filter on the day."""
    if name == "expiring_30":
        return expiring_within(30, today)
    if name == "expiring_90":
        return expiring_within(90, today)
    if name == "expired":
        return and_(Certification.revoked.is_(False), Certification.expires_on < today,
                    or_(Certification.superseded_on.is_(None), Certification.superseded_on > today))
    if name == "revoked":
        return Certification.revoked.is_(True)
    if name == "superseded":
        return _superseded(today)
    return Certification.id.is_not(None)


def _order(name: str):
    if name in ("expiring_30", "expiring_90", "expired"):
        return (Certification.expires_on, Certification.id)
    if name == "revoked":
        return (Certification.revoked_at.desc().nulls_last(), Certification.id.desc())
    return (Certification.id.desc(),)


@dataclass(frozen=True)
class CertificatePage:
    """One page of a filtered list."""

    certificates: list[Certification]
    total: int
    page: int
    last_page: int


def certificate_page(name: str, today: date, page: int, per_page: int, number: str = "") -> CertificatePage:
    """A page of the list `name` (one of LIST_FILTERS), optionally searched by number; products loaded."""
    where = [filter_clause(name, today)]
    if number:
        where.append(func.upper(Certification.number).contains(number.upper(), autoescape=True))
    total = db.session.scalar(select(func.count(Certification.id)).where(*where))
    last_page = max(1, -(-total // per_page))
    page = min(max(page, 1), last_page)
    certificates = db.session.scalars(
        select(Certification).where(*where).order_by(*_order(name))
        .options(selectinload(Certification.products).joinedload(Product.producer))
        .limit(per_page).offset((page - 1) * per_page)).all()
    return CertificatePage(list(certificates), total, page, last_page)


def filter_counts(today: date) -> dict[str, int]:
    """How many certificates each list holds today (one statement)."""
    counts = [select(func.count(Certification.id)).where(filter_clause(name, today)).scalar_subquery()
              for name in LIST_FILTERS]
    return dict(zip(LIST_FILTERS, db.session.execute(select(*counts)).one()))


def certificate_for_office(certificate_id: int) -> Certification | None:
    """A certificate with its products, their producers and its successor loaded."""
    return db.session.scalar(
        select(Certification).where(Certification.id == certificate_id)
        .options(selectinload(Certification.products).joinedload(Product.producer),
                 joinedload(Certification.superseded_by)))


def predecessor_of(certificate: Certification) -> Certification | None:
    """The certificate this one renewed, if any."""
    return db.session.scalar(select(Certification).where(Certification.superseded_by_id == certificate.id))


def producer_of(certificate: Certification) -> Producer | None:
    """The producer whose products the certificate covers (loaded products; the first one's)."""
    return min(certificate.products, key=lambda p: p.id).producer if certificate.products else None


def producers_to_choose() -> list[Producer]:
    """Producers that have products, by name, for the 'choose the producer' step."""
    has_products = select(Product.id).where(Product.producer_id == Producer.id, Product.status != "archived")
    return list(db.session.scalars(select(Producer).where(has_products.exists()).order_by(Producer.name)))


def products_of(producer: Producer) -> list[Product]:
    """A producer's products a certificate may cover (not archived), by name."""
    products = db.session.scalars(select(Product).where(Product.producer_id == producer.id,
                                                        Product.status != "archived")).all()
    return sorted(products, key=lambda p: p.name)
