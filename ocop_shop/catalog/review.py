"""The office's review decisions: publish or send back a new product; approve or reject the
changes waiting on a published one.

The back office and the `flask products` commands both call these. Each decision is one
conditional UPDATE: of two office users deciding at once exactly one wins and the other is
told plainly; a decision taken on a page older than the producer's last edit (`seen`, the
updated_at the page showed) is refused too. Each one notifies the producer in the portal and
writes an audit row (`by`: the office user, None for a command). Flush, never commit.
"""
from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..producers.models import Producer
from ..producers.notifications import notify
from ..text import normalize
from ..timeutil import local_today
from ..types import utcnow
from . import alcohol, services
from .models import Category, Product, ProductRevision
from .revisions import ImageRef, product_image_refs, sync_image_rows
from .services import EDITABLE_FIELDS, CatalogError

PUBLIC_FIELDS = ("content", "category_id") + EDITABLE_FIELDS  # what approving changes may change


def publish(product: Product, by, on: date | None = None, seen: datetime | None = None) -> None:
    """Make a product waiting for review public (liquor of ABV ≥ 5.5 needs the producer's licence)."""
    _check_product_waiting(product)
    services.publish(product, on, seen=seen)
    audit.record(by, "product.publish", product, changes={"status": ("pending_review", "published")})


def send_back(product: Product, reason: str, by, seen: datetime | None = None) -> None:
    """Return a product waiting for review to its producer as a draft, saying what to change."""
    reason = _reason(reason)
    _check_product_waiting(product)
    services.change_status(product, seen, status="draft", review_note=reason)
    notify(db.session.get(Producer, product.producer_id), "product_sent_back", name=product.name, reason=reason,
           product_id=product.id)
    audit.record(by, "product.send_back", product, changes={"status": ("pending_review", "draft")}, reason=reason)


def approve_changes(revision: ProductRevision, by, on: date | None = None,
                    seen: datetime | None = None) -> list[str]:
    """Make the changes waiting on a published product public; returns the storage keys of
    pictures no longer used (delete them after the commit)."""
    _check_revision_waiting(revision)
    product = db.session.scalar(select(Product).where(Product.id == revision.product_id)
                                .options(selectinload(Product.images)))
    facts = dict(revision.facts)
    category = db.session.get(Category, facts.pop("category_id"))
    producer = db.session.get(Producer, product.producer_id)
    if not alcohol.may_publish(SimpleNamespace(abv=facts.get("abv")), producer, on or local_today()):
        raise CatalogError(_("This drink needs the producer's alcohol licence on record before it can be published."))
    _decide(revision, seen, status="approved")
    before, images_before = audit.snapshot(product, PUBLIC_FIELDS), [i.as_dict() for i in product_image_refs(product)]
    services.update_product(product, content=revision.content, category=category, **facts)
    removed = sync_image_rows(product, [ImageRef(**image) for image in revision.images])
    changes = audit.changes_since(before, product)
    if images_before != revision.images:
        changes["images"] = (images_before, revision.images)
    notify(producer, "revision_approved", name=product.name, product_id=product.id)
    audit.record(by, "revision.approve", revision, changes=changes, label=product.name)
    return removed


def reject_changes(revision: ProductRevision, reason: str, by, seen: datetime | None = None) -> None:
    """Send the changes waiting on a published product back; the public page stays as it was."""
    reason = _reason(reason)
    _check_revision_waiting(revision)
    _decide(revision, seen, status="sent_back", review_note=reason)
    product = db.session.get(Product, revision.product_id)
    notify(db.session.get(Producer, product.producer_id), "revision_sent_back", name=product.name, reason=reason,
           product_id=product.id)
    audit.record(by, "revision.reject", revision, changes={"status": ("pending_review", "sent_back")}, reason=reason,
                 label=product.name)


def _reason(reason: str | None) -> str:
    reason = normalize(reason or "")
    if not reason:
        raise CatalogError(_("Please say what the producer should change."))
    return reason


def _check_product_waiting(product: Product) -> None:
    if product.status != "pending_review":
        raise CatalogError(_("This product is no longer waiting for review: someone has already decided on it."))


def _check_revision_waiting(revision: ProductRevision) -> None:
    if revision.status != "pending_review":
        raise CatalogError(_("These changes are no longer waiting for review: someone has already decided on them."))


def _decide(revision: ProductRevision, seen: datetime | None, **values) -> None:
    """Close a waiting revision in one conditional UPDATE; exactly one decision wins."""
    conditions = [ProductRevision.id == revision.id, ProductRevision.status == "pending_review"]
    if seen is not None:
        conditions.append(ProductRevision.updated_at == seen)
    won = db.session.execute(update(ProductRevision).where(*conditions).values(decided_at=utcnow(), **values))
    if not won.rowcount:
        raise CatalogError(_("Someone else acted on this a moment ago. Reload the page to see where it stands."))
