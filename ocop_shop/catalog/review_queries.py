"""Read helpers for the office's review queue and review pages (everything a page shows is loaded here)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..producers.models import Producer
from .comparison import Comparison, compare
from .models import Category, Product, ProductRevision

QUEUE_LIMIT = 200  # a queue longer than this is shown in parts, oldest first; the headings count all


def _waiting_since(model):
    """When an item joined the queue (older rows have no submitted_at: their last change)."""
    return func.coalesce(model.submitted_at, model.updated_at)


def _producer_and_group(via=None) -> tuple:
    """Loader options for a product's producer (with its place) and category (with its group)."""
    producer = via.joinedload(Product.producer) if via is not None else joinedload(Product.producer)
    category = via.joinedload(Product.category) if via is not None else joinedload(Product.category)
    return producer.joinedload(Producer.locality), category.joinedload(Category.parent)


def waiting_products(limit: int = QUEUE_LIMIT) -> list[Product]:
    """New products waiting for review, oldest first, with producer and group."""
    return list(db.session.scalars(
        select(Product).where(Product.status == "pending_review").options(*_producer_and_group())
        .order_by(_waiting_since(Product), Product.id).limit(limit)))


def waiting_changes(limit: int = QUEUE_LIMIT) -> list[ProductRevision]:
    """Changes to published products waiting for review, oldest first, with product, producer and group."""
    return list(db.session.scalars(
        select(ProductRevision).where(ProductRevision.status == "pending_review")
        .options(*_producer_and_group(joinedload(ProductRevision.product)))
        .order_by(_waiting_since(ProductRevision), ProductRevision.id).limit(limit)))


def waiting_counts() -> tuple[int, int]:
    """(new products, changes) waiting for the office's review."""
    products = select(func.count()).select_from(Product).where(Product.status == "pending_review")
    changes = select(func.count()).select_from(ProductRevision).where(ProductRevision.status == "pending_review")
    return db.session.scalar(products), db.session.scalar(changes)


def product_for_review(product_id: int) -> Product | None:
    """A product with everything its review page shows: producer, group, pictures, certificates."""
    return db.session.scalar(
        select(Product).where(Product.id == product_id)
        .options(*_producer_and_group(), selectinload(Product.images), selectinload(Product.certifications)))


@dataclass
class ChangesForReview:
    revision: ProductRevision
    product: Product
    comparison: Comparison | None  # None once the changes are no longer waiting


def changes_for_review(revision_id: int) -> ChangesForReview | None:
    """A revision, its product as the public sees it, and the before/after comparison while it waits."""
    revision = db.session.get(ProductRevision, revision_id)
    if revision is None:
        return None
    product = product_for_review(revision.product_id)
    waiting = revision.status == "pending_review"
    return ChangesForReview(revision, product, compare(product, revision) if waiting else None)
