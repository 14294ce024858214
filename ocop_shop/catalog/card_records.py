"""Product cards as plain records: what a card shows, read from rows, without ORM objects.

A page of cards is read as one row per card (cards.py); building ORM objects for it
(identity map, instance state, collections) cost more than the SQL. A record answers what the
card macro and the card lists read of a Product, under the same names, so `product_card`
takes either. It holds only what a card shows: `images` is the product's first picture (or
nothing), `certifications` the one its badge shows, the best valid on the day the list was
read (or nothing); `valid_certification(day)` still checks that one on the day asked.

The rules a card applies are the models' own code, not copies: `text`, `name`,
`valid_certification`, `is_valid`, `valid_until`, `alt_text` and `widths` below are the very
functions of Product, Certification and ImageMixin (tests/test_card_records.py pins that).
Records are frozen and compared by identity, like ORM objects of one session.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..storage import ImageMixin
from .models import Certification, Product


@dataclass(frozen=True, slots=True, eq=False)
class CardPlace:
    """The producer's place as a card names it."""

    id: int
    name: str


@dataclass(frozen=True, slots=True, eq=False)
class CardProducer:
    """The producer as a card shows it."""

    id: int
    slug: str
    name: str
    kind: str
    is_sample: bool
    locality: CardPlace | None


@dataclass(frozen=True, slots=True, eq=False)
class CardImage:
    """A card's picture: its storage key, size and alt text per language."""

    id: int
    key: str
    width: int
    height: int
    alt: dict

    alt_text = ImageMixin.alt_text
    widths = ImageMixin.widths


@dataclass(frozen=True, slots=True, eq=False)
class CardCertificate:
    """What a card needs of a certificate to tell whether its badge shows on a day."""

    id: int
    stars: int
    issued_on: date
    expires_on: date
    revoked: bool
    superseded_on: date | None

    valid_until = Certification.valid_until
    is_valid = Certification.is_valid


@dataclass(frozen=True, slots=True, eq=False)
class ProductCard:
    """A public product as a card (and the lists that choose cards) reads it; `images` and
    `certifications` hold what the card shows (see above), not all the product's."""

    id: int
    producer_id: int
    category_id: int
    slug: str
    status: str
    content: dict
    price: int
    abv: float | None
    stock: int
    is_sample: bool
    season_from: int | None
    season_to: int | None
    producer: CardProducer
    images: tuple[CardImage, ...]
    certifications: tuple[CardCertificate, ...]

    text = Product.text
    name = Product.name
    valid_certification = Product.valid_certification
