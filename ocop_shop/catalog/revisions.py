"""Editing a product: drafts change at once; a published product's text, facts and pictures
wait in a ProductRevision while the public page keeps the approved version.

Price and stock are never part of a revision: they change at once (services.set_price,
services.set_stock). Services flush, never commit; functions that make pictures unused
return their storage keys so the caller deletes the files after its commit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..i18n import localized
from ..storage import StoredImage, available_widths
from ..text import normalize
from ..types import utcnow
from . import services
from .models import Category, Product, ProductImage, ProductRevision
from .services import EDITABLE_FIELDS, CatalogError

MAX_IMAGES = 8
FACT_FIELDS = ("category_id",) + EDITABLE_FIELDS
OPEN = ("pending_review", "sent_back")


@dataclass
class ImageRef:
    """A picture in a product's working copy (a ProductImage row or a revision's entry)."""

    key: str
    width: int
    height: int
    alt: dict = field(default_factory=dict)

    def alt_text(self, lang: str | None = None) -> str:
        return localized({k: {"alt": v} for k, v in (self.alt or {}).items()}, "alt", lang)

    def widths(self) -> list[int]:
        return available_widths(self.width)

    def as_dict(self) -> dict:
        return {"key": self.key, "width": self.width, "height": self.height, "alt": dict(self.alt or {})}


# --- reading the working copy -----------------------------------------------------------

def open_revision(product: Product) -> ProductRevision | None:
    """The revision waiting for review or sent back, if any."""
    return db.session.scalar(select(ProductRevision).where(
        ProductRevision.product_id == product.id, ProductRevision.status.in_(OPEN)))


def product_facts(product: Product) -> dict:
    return {"category_id": product.category_id, **{name: getattr(product, name) for name in EDITABLE_FIELDS}}


def product_image_refs(product: Product) -> list[ImageRef]:
    """The product's own (approved) pictures in order; product.images must be loaded."""
    return [ImageRef(i.key, i.width, i.height, dict(i.alt or {})) for i in product.images]


@dataclass
class WorkingCopy:
    """What the producer edits: the product itself, or its open revision when it is published."""

    content: dict
    facts: dict
    images: list[ImageRef]
    revision: ProductRevision | None


def working_copy(product: Product) -> WorkingCopy:
    revision = open_revision(product) if product.status == "published" else None
    if revision is not None:
        return WorkingCopy(revision.content, revision.facts, [ImageRef(**i) for i in revision.images], revision)
    return WorkingCopy(product.content, product_facts(product), product_image_refs(product), None)


def find_image(product: Product, key: str) -> ImageRef | None:
    """A picture of the product's working copy by its storage key."""
    return next((image for image in working_copy(product).images if image.key == key), None)


# --- changing text and facts ------------------------------------------------------------

def edit(product: Product, content: dict, category: Category, by=None, **facts) -> str:
    """Save the producer's edit: 'saved' (draft), 'proposed' (revision of a published product) or 'unchanged'."""
    if product.status == "archived":
        raise CatalogError(_("An archived product cannot be changed. Put it back on sale first."))
    unknown = set(facts) - set(EDITABLE_FIELDS)
    if unknown:
        raise CatalogError(_("Unknown product field: %(field)s", field=", ".join(sorted(unknown))))
    content = services.clean_content(content)
    if not content.get("vi", {}).get("name"):
        raise CatalogError(_("A Vietnamese name is required."))
    new_facts = {"category_id": category.id, **{name: facts.get(name) for name in EDITABLE_FIELDS}}
    if product.status != "published":
        if content == product.content and new_facts == product_facts(product):
            return "unchanged"
        services.update_product(product, content=content, category=category, **facts)
        return "saved"
    copy = working_copy(product)
    if content == copy.content and new_facts == copy.facts:
        return "unchanged"
    _propose(product, by, content=content, facts=new_facts)
    return "proposed"


def _propose(product: Product, by, content: dict | None = None, facts: dict | None = None,
             images: list[ImageRef] | None = None) -> ProductRevision | None:
    """Record changes to a published product as its open revision, waiting for review.

    When the result equals the public version again, the revision is dropped.
    """
    revision = open_revision(product)
    if revision is None:
        revision = ProductRevision(product_id=product.id, content=dict(product.content), facts=product_facts(product),
                                   images=[i.as_dict() for i in product_image_refs(product)],
                                   created_by_id=getattr(by, "id", None))
        db.session.add(revision)
    if content is not None:
        revision.content = content
    if facts is not None:
        revision.facts = facts
    if images is not None:
        revision.images = [i.as_dict() for i in images]
    if revision.status != "pending_review":  # new, or sent back and now sent again: it joins the queue's end
        revision.submitted_at = utcnow()
    revision.status = "pending_review"
    revision.review_note = None
    revision.updated_at = utcnow()
    if (revision.content == product.content and revision.facts == product_facts(product)
            and revision.images == [i.as_dict() for i in product_image_refs(product)]):
        revision.status = "discarded"
        db.session.flush()
        return None
    db.session.flush()
    return revision


# --- pictures -----------------------------------------------------------------------------

def add_image(product: Product, stored: StoredImage, alt: dict | None = None, by=None) -> ImageRef:
    """Add a checked, stored picture at the end of the product's pictures."""
    images = _editable_images(product)
    if len(images) >= MAX_IMAGES:
        raise CatalogError(_("A product can have at most %(n)d photos. Remove one first.", n=MAX_IMAGES))
    ref = ImageRef(stored.key, stored.width, stored.height, _clean_alt(alt))
    _save_images(product, images + [ref], by)
    return ref


def set_image_alt(product: Product, key: str, alt: dict, by=None) -> None:
    """Describe a picture for people who cannot see it, per language."""
    images = _editable_images(product)
    _index(images, key).alt = _clean_alt(alt)
    _save_images(product, images, by)


def move_image(product: Product, key: str, offset: int, by=None) -> None:
    """Move a picture earlier (-1) or later (+1); the first picture is the one on cards."""
    images = _editable_images(product)
    image = _index(images, key)
    index = images.index(image)
    target = min(max(index + offset, 0), len(images) - 1)
    images.insert(target, images.pop(index))
    _save_images(product, images, by)


def remove_image(product: Product, key: str, by=None) -> list[str]:
    """Take a picture out; returns the storage keys no longer used anywhere (delete after commit)."""
    images = _editable_images(product)
    image = _index(images, key)
    images.remove(image)
    _save_images(product, images, by)
    return [key] if not _key_in_use(product, key) else []


def _editable_images(product: Product) -> list[ImageRef]:
    if product.status == "archived":
        raise CatalogError(_("An archived product cannot be changed. Put it back on sale first."))
    return list(working_copy(product).images)


def _index(images: list[ImageRef], key: str) -> ImageRef:
    for image in images:
        if image.key == key:
            return image
    raise LookupError(key)


def _save_images(product: Product, images: list[ImageRef], by) -> None:
    if product.status == "published":
        _propose(product, by, images=images)
    else:
        sync_image_rows(product, images)
    db.session.flush()


def sync_image_rows(product: Product, images: list[ImageRef]) -> list[str]:
    """Make the product's ProductImage rows match the list; returns keys of rows removed."""
    rows = {row.key: row for row in product.images}
    wanted = {image.key for image in images}
    removed = [key for key in rows if key not in wanted]
    for key in removed:
        product.images.remove(rows[key])  # delete-orphan cascade
    for position, image in enumerate(images, start=1):
        row = rows.get(image.key)
        if row is None:
            row = ProductImage(key=image.key, width=image.width, height=image.height)
            product.images.append(row)
        row.alt, row.position = dict(image.alt), position
    product.images.sort(key=lambda row: row.position)
    return removed


def _key_in_use(product: Product, key: str) -> bool:
    """Whether the public product or its open revision still shows this picture."""
    if any(row.key == key for row in product.images):
        return True
    revision = open_revision(product)
    return revision is not None and any(image["key"] == key for image in revision.images)


def _clean_alt(alt: dict | None) -> dict:
    return {lang: normalize(text) for lang, text in (alt or {}).items() if normalize(text)}


# --- the producer dropping waiting changes ------------------------------------------------

def discard(product: Product) -> list[str]:
    """The producer drops their waiting changes; returns the keys of pictures only they used."""
    revision = open_revision(product)
    if revision is None:
        raise CatalogError(_("There are no waiting changes to drop."))
    kept = {row.key for row in product.images}
    revision.status = "discarded"
    db.session.flush()
    return [image["key"] for image in revision.images if image["key"] not in kept]
