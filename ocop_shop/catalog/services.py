"""Catalog lifecycle: create, update, submit, publish, unpublish, archive; prices and slugs.

Services flush, never commit; the calling view or command commits once.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import column, exists, select, table, update
from sqlalchemy.dialects import postgresql, sqlite

from flask_babel import gettext as _

from ..extensions import db
from ..producers.models import Producer
from ..producers.notifications import notify
from ..text import normalize, slugify
from ..types import utcnow
from ..timeutil import local_today
from . import alcohol
from .models import Category, PriceChange, Product, ProductDailyView, ProductImage, ProductRevision, ProductSlug

# tourism's experiences table (tourism sits above catalog, so it is named, not imported)
_EXPERIENCES = table("experiences", column("product_id"))

EDITABLE_FIELDS = ("net_quantity", "weight_grams", "shelf_life_days", "food_safety_number", "abv", "season_from",
                   "season_to")
CONTENT_FIELDS = ("name", "description", "ingredients", "usage", "storage", "unit")


class CatalogError(ValueError):
    """A catalog rule refused the change; str(error) is shown to the user."""


def unique_slug(name: str, product_id: int | None = None) -> str:
    """A slug for the name that no other product uses now or used before."""
    base = slugify(name)
    candidate, n = base, 1
    while _slug_taken(candidate, product_id):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _slug_taken(slug: str, product_id: int | None) -> bool:
    current = select(Product.id).where(Product.slug == slug, Product.id != (product_id or -1))
    old = select(ProductSlug.id).where(ProductSlug.slug == slug, ProductSlug.product_id != (product_id or -1))
    return db.session.scalar(select(exists(current) | exists(old)))


def clean_content(content: dict) -> dict:
    """NFC-normalise every text and drop empty fields and languages."""
    cleaned = {}
    for lang, fields in (content or {}).items():
        values = {k: normalize(v) for k, v in (fields or {}).items() if k in CONTENT_FIELDS}
        values = {k: v for k, v in values.items() if v}
        if values:
            cleaned[lang] = values
    return cleaned


def create_product(producer, category: Category, content: dict, price: int, stock: int = 0,
                   changed_by=None, **fields) -> Product:
    """A new draft product; a Vietnamese name is required."""
    content = clean_content(content)
    if not content.get("vi", {}).get("name"):
        raise CatalogError(_("A Vietnamese name is required."))
    _check_amounts(price, stock)
    product = Product(producer=producer, category=category, content=content, price=price,
                      stock=stock, status="draft", slug=unique_slug(content["vi"]["name"]))
    for key in EDITABLE_FIELDS:
        if key in fields:
            setattr(product, key, fields[key])
    db.session.add(product)
    db.session.flush()
    db.session.add(PriceChange(product_id=product.id, price=price, changed_by_id=getattr(changed_by, "id", None)))
    db.session.flush()
    return product


def update_product(product: Product, content: dict | None = None, category: Category | None = None,
                   **fields) -> Product:
    """Change text and facts; a new Vietnamese name gives a new slug and keeps the old one."""
    if product.status == "archived":
        raise CatalogError(_("An archived product cannot be changed. Put it back on sale first."))
    if category is not None:
        product.category_id = category.id
    if content is not None:
        content = clean_content(content)
        if not content.get("vi", {}).get("name"):
            raise CatalogError(_("A Vietnamese name is required."))
        if content["vi"]["name"] != product.content.get("vi", {}).get("name"):
            rename(product, content["vi"]["name"])
        product.content = content
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            raise CatalogError(_("Unknown product field: %(field)s", field=key))
        setattr(product, key, value)
    db.session.flush()
    return product


def rename(product: Product, new_name: str) -> None:
    """Give the product a slug for its new name; the old slug keeps redirecting."""
    new_slug = unique_slug(new_name, product.id)
    if new_slug == product.slug:
        return
    if product.slug:
        db.session.add(ProductSlug(product_id=product.id, slug=product.slug))
    product.slug = new_slug


def set_price(product: Product, price: int, changed_by=None) -> None:
    """Change the price at once, keeping the history."""
    _check_amounts(price, product.stock)
    if price != product.price:
        product.price = price
        db.session.add(PriceChange(product_id=product.id, price=price, changed_by_id=getattr(changed_by, "id", None)))
    db.session.flush()


class StaleStock(CatalogError):
    """The stock changed (a sale, another member) since the form showing it was opened."""

    def __init__(self, current: int) -> None:
        super().__init__(_("The stock changed since you opened this page (orders came in): there are %(num)s in "
                           "stock now. Check the number and save again.", num=current))
        self.current = current


def set_stock(product: Product, stock: int, seen: int | None = None) -> None:
    """Set the stock; with `seen` (what the form showed) only if it has not changed since."""
    _check_amounts(product.price, stock)
    if seen is None:
        product.stock = stock
        db.session.flush()
        return
    db.session.flush()
    won = db.session.execute(
        update(Product).where(Product.id == product.id, Product.stock == seen).values(stock=stock)
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(product, ["stock"])
    if not won:
        raise StaleStock(product.stock)


def _check_amounts(price: int, stock: int) -> None:
    if not isinstance(price, int) or price < 0 or price > 1_000_000_000:
        raise CatalogError(_("The price must be a whole number of đồng between 0 and 1,000,000,000."))
    if not isinstance(stock, int) or stock < 0 or stock > 1_000_000:
        raise CatalogError(_("Stock must be a whole number between 0 and 1,000,000."))


def submit_for_review(product: Product, on: date | None = None) -> None:
    """Ask the office to check a draft; liquor of ABV ≥ 5.5 needs the licence on record first."""
    if product.status != "draft":
        raise CatalogError(_("Only a draft can be submitted for review."))
    producer = db.session.get(Producer, product.producer_id)
    if not alcohol.may_publish(product, producer, on or local_today()):
        raise CatalogError(_("A drink of %(abv)s or more can be sold only with your alcohol production licence on record. Add it to your profile first.", abv="5.5%"))
    _check_experience_described(product)
    product.status = "pending_review"
    product.review_note = None
    product.submitted_at = utcnow()
    db.session.flush()


def _check_experience_described(product: Product) -> None:
    """An experience (group 6) is booked from its page, so it needs its details before review."""
    if not db.session.get(Category, product.category_id).is_experience:
        return
    if db.session.scalar(select(exists().where(_EXPERIENCES.c.product_id == product.id))):
        return
    raise CatalogError(_("This experience has no details yet (what is included, how long it lasts, for how many people): describe them first."))


def change_status(product: Product, seen: datetime | None = None, **values) -> None:
    """Move a product on from the status it was read in, as one conditional UPDATE.

    Of two people deciding at once exactly one wins; the other is refused, and so is a decision
    made on a page older than the product's last change (`seen`: the updated_at it showed).
    """
    conditions = [Product.id == product.id, Product.status == product.status]
    if seen is not None:
        conditions.append(Product.updated_at == seen)
    if not db.session.execute(update(Product).where(*conditions).values(**values)).rowcount:
        raise CatalogError(_("Someone else acted on this a moment ago. Reload the page to see where it stands."))


def publish(product: Product, on: date | None = None, seen: datetime | None = None) -> None:
    """Make a product public; liquor of ABV ≥ 5.5 needs the producer's licence on record."""
    if product.status not in ("draft", "pending_review"):
        raise CatalogError(_("Only a draft or a product waiting for review can be published."))
    producer = db.session.get(Producer, product.producer_id)
    if not alcohol.may_publish(product, producer, on or local_today()):
        raise CatalogError(_("This drink needs the producer's alcohol licence on record before it can be published."))
    _check_experience_described(product)
    reviewed = product.status == "pending_review"
    change_status(product, seen, status="published", published_at=product.published_at or utcnow(), review_note=None)
    if reviewed:
        notify(producer, "product_published", name=product.name,
               product_id=product.id)
    db.session.flush()


def unpublish(product: Product) -> None:
    if product.status != "published":
        raise CatalogError(_("Only a published product can be unpublished."))
    product.status = "draft"
    db.session.flush()


def archive(product: Product) -> list[str]:
    """Take a product off sale for good; products with orders are archived, never deleted.

    An open revision is dropped with it; returns the storage keys of pictures only that
    revision used, for deleting after the commit.
    """
    if product.status == "archived":
        raise CatalogError(_("This product is already archived."))
    keys = _drop_open_revision(product)
    product.status = "archived"
    db.session.flush()
    return keys


def restore(product: Product) -> None:
    """Bring an archived product back as a draft (it needs the office's review again)."""
    if product.status != "archived":
        raise CatalogError(_("Only an archived product can be put back."))
    product.status = "draft"
    db.session.flush()


def may_delete(product: Product) -> bool:
    """Only a product that was never public can be deleted: it cannot have orders."""
    return product.published_at is None and product.status in ("draft", "archived")


def delete_product(product: Product) -> list[str]:
    """Delete a never-published product; returns its pictures' storage keys for deleting after the commit."""
    if not may_delete(product):
        raise CatalogError(_("This product has been on sale, so it cannot be deleted. Archive it instead."))
    keys = [image.key for image in db.session.scalars(select(ProductImage).where(ProductImage.product_id == product.id))]
    keys += _drop_open_revision(product)
    db.session.delete(product)
    db.session.flush()
    return keys


def _drop_open_revision(product: Product) -> list[str]:
    """Discard the product's open revision; the keys of pictures only it used."""
    revision = db.session.scalar(select(ProductRevision).where(
        ProductRevision.product_id == product.id, ProductRevision.status.in_(("pending_review", "sent_back"))))
    if revision is None:
        return []
    kept = set(db.session.scalars(select(ProductImage.key).where(ProductImage.product_id == product.id)))
    revision.status = "discarded"
    return [image["key"] for image in revision.images if image["key"] not in kept]


def record_product_view(product_id: int, day: date) -> bool:
    """Count one view of a public product on a day (one atomic upsert); False when it is not public."""
    public = db.session.scalar(select(Product.id).join(Producer, Producer.id == Product.producer_id).where(
        Product.id == product_id, Product.status == "published", Producer.status == "approved"))
    if public is None:
        return False
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(ProductDailyView).values(product_id=product_id, day=day, views=1)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["product_id", "day"], set_={"views": ProductDailyView.views + 1}))
    return True
