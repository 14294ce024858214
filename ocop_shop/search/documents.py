"""What the index holds for a product, read from the database in one query per batch."""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from ..catalog import alcohol
from ..catalog.models import Category, Product
from ..places.models import Locality
from ..producers.models import Producer
from .analysis import nfc

TEXT_FIELDS = ("description", "ingredients", "usage", "storage")
_WORD = re.compile(r"\w+")
NO_VALUE = "-"


def _options() -> tuple:
    return (
        joinedload(Product.producer).joinedload(Producer.locality).joinedload(Locality.parent),
        joinedload(Product.category).joinedload(Category.parent),
        selectinload(Product.certifications),
    )


def load_products(session: Session, product_ids: Iterable[int]) -> dict[int, Product]:
    """The products with everything their documents need, by id (missing ids are absent)."""
    ids = sorted(set(product_ids))
    found: dict[int, Product] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for product in session.scalars(select(Product).where(Product.id.in_(chunk)).options(*_options())):
            found[product.id] = product
    return found


def iter_public_products(session: Session, batch: int = 500) -> Iterator[list[Product]]:
    """Every published product of an approved producer, in batches of loaded rows."""
    last_id = 0
    while True:
        rows = list(session.scalars(
            select(Product).join(Product.producer)
            .where(Product.status == "published", Producer.status == "approved", Product.id > last_id)
            .order_by(Product.id).limit(batch).options(*_options())))
        if not rows:
            return
        yield rows
        last_id = rows[-1].id
        session.expunge_all()


def count_public_products(session: Session) -> int:
    from sqlalchemy import func

    return session.scalar(
        select(func.count(Product.id)).join(Product.producer)
        .where(Product.status == "published", Producer.status == "approved")) or 0


def is_public(product: Product | None) -> bool:
    """Published products of approved producers are searchable; nothing else is."""
    return product is not None and product.status == "published" and product.producer.status == "approved"


def document(product: Product) -> dict:
    """The search document of a public product (all text NFC)."""
    producer, category = product.producer, product.category
    group = category.parent or category
    places = [loc for loc in (producer.locality, producer.locality.parent if producer.locality else None) if loc]
    content = product.content or {}
    names = {lang: nfc(fields.get("name", "")) for lang, fields in content.items() if fields and fields.get("name")}
    newest = product.published_at or product.created_at
    return {
        "id": str(product.id),
        **_text_fields(product, names, places),
        "group": group.slug,
        "subcategory": category.slug,
        "locality": places[0].slug if places else NO_VALUE,
        "parent_locality": places[1].slug if len(places) > 1 else NO_VALUE,
        "producer": producer.slug,
        "price": int(product.price or 0),
        "newest": int(newest.timestamp()) if newest else 0,
        "certs": _certs(product) or NO_VALUE,
        "sale_until": _day_number(alcohol.sale_ends_on(product, producer)),
        "card": {
            "slug": product.slug,
            "names": names,
            "adult": alcohol.needs_age_declaration(product),
            "producer": producer.name,
            "place": producer.locality.name if producer.locality else "",
        },
    }


def _text_fields(product: Product, names: dict[str, str], places: list[Locality]) -> dict:
    """The name, body and exact texts and their lengths in words."""
    producer, category = product.producer, product.category
    group = category.parent or category
    texts = [nfc(fields.get(f, "")) for fields in (product.content or {}).values() if fields for f in TEXT_FIELDS]
    category_names = [nfc(name) for c in dict.fromkeys([category, group]) for name in _names(c.content)]
    keywords = [nfc(c.keywords_en or "") for c in dict.fromkeys([category, group])]
    labels = [nfc(producer.name)] + [nfc(loc.name) for loc in places] + category_names
    name = "\n".join(names.values())
    body = "\n".join(t for t in texts + labels + keywords if t)
    exact = "\n".join(list(names.values()) + labels)
    return {
        "name": name,
        "body": body,
        "exact": exact,
        "name_len": _count_words(name),
        "body_len": _count_words(body),
        "exact_len": _count_words(exact),
    }


def _certs(product: Product) -> str:
    """Each unrevoked certificate as "stars:issued:last valid day", space separated."""
    return " ".join(
        f"{c.stars}:{c.issued_on:%Y%m%d}:{c.valid_until:%Y%m%d}"
        for c in sorted(product.certifications, key=lambda c: c.id) if not c.revoked
    )


def _day_number(day) -> int:
    """A date as yyyymmdd (0 for none), comparable as a number."""
    return int(day.strftime("%Y%m%d")) if day else 0


def _count_words(value: str) -> int:
    return len(_WORD.findall(value))


def _names(content: dict | None) -> list[str]:
    return [fields["name"] for fields in (content or {}).values() if fields and fields.get("name")]
