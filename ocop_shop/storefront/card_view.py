"""What a product card shows, gathered in one call per card for the product_card macro.

The macro used to reach each part through its own helper or macro (link, picture, badge,
price, unit: about a dozen calls through Jinja's runtime and three macro calls a card, most
of a card's cost). Each part still comes from its one home: `card_url`, `alcohol.shows_details`,
`media.picture_sources`, `Product.valid_certification`, `price_for`, the OCOP mark. Takes an ORM
Product or a card record (catalog/card_records.py) alike.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from flask import Flask, current_app, session
from markupsafe import Markup

from .. import media
from ..catalog import alcohol
from ..i18n import current_lang, gettext
from ..promotions.pricing import Price
from ..templating import card_url, macros, ocop_mark, price_for
from ..timeutil import local_today

CARD_PICTURE_WIDTH = 640  # the card's <img> width (its height is 3/4 of it), as picture() draws it
CARDS = "card_html"  # the app's kept card markup (app.extensions)
CARDS_KEPT = 4096  # plain cards kept per app: every product in both languages at 2,000 products


@dataclass(frozen=True, slots=True)
class CardView:
    """The parts of one card: the 18+ card uses the first four only."""

    url: str
    name: str
    producer: str
    place: str
    details: bool  # picture, badge and price may show (alcohol.shows_details); else the 18+ card
    picture: tuple[str, str, str] | None = None  # src, srcset and alt of the first picture
    badge: Markup | None = None  # the OCOP mark of the best certificate valid today
    price: Price | None = None
    unit: str = ""


def card_view(product) -> CardView:
    """Template global: a card's parts for a product (ORM or card record) on this page."""
    lang = current_lang()
    name = product.text("name", lang)
    producer = product.producer
    place = producer.locality.name if producer.locality is not None else ""
    url = card_url(product.slug)
    if not alcohol.shows_details(product, session):
        return CardView(url, name, producer.name, place, False)
    certification = product.valid_certification(local_today())
    return CardView(url, name, producer.name, place, True, _picture(product, name, lang),
                    star_mark(certification.stars) if certification is not None else None,
                    price_for(product), product.text("unit", lang))


def card_html(card: CardView, heading_level: int = 3) -> Markup:
    """Template global: a plain card's markup (card_markup in _macros/catalog.html), drawn once per
    app for the same parts, heading level and language.

    The markup is a pure function of these: the macro reads nothing else (no product, no request)
    but the language's words and formats, which the key holds. A changed name, price, picture or
    certificate is a new CardView, hence a new entry. A card's price shows its amounts and end, not
    its campaign (price_tag names it on the product page only), so the campaign and coupon, ORM rows
    compared by identity, are left out of the key: a discounted card is kept too.
    """
    if card.price is not None and (card.price.campaign is not None or card.price.coupon is not None):
        card = replace(card, price=replace(card.price, campaign=None, coupon=None))
    return current_app.extensions[CARDS](card, heading_level, current_lang())


def _drawn_once() -> Callable[[CardView, int, str], Markup]:
    @lru_cache(maxsize=CARDS_KEPT)
    def draw(card: CardView, heading_level: int, lang: str) -> Markup:
        return macros("_macros/catalog.html").card_markup(card, None, heading_level)

    return draw


def _picture(product, name: str, lang: str) -> tuple[str, str, str] | None:
    if not product.images:
        return None
    image = product.images[0]
    src, srcset = media.picture_sources(image, CARD_PICTURE_WIDTH)
    return src, srcset, image.alt_text(lang) or name


def star_mark(stars: int, size: str = "small") -> Markup:
    """Template global: the OCOP mark for a star count, labelled in the page's language
    ("OCOP 4 sao" / "OCOP 4-star"); whether a certificate shows it is the caller's check."""
    return ocop_mark(stars, size, gettext("OCOP %(stars)d-star", stars=stars))


def register(app: Flask) -> None:
    app.extensions[CARDS] = _drawn_once()
    app.jinja_env.globals.update(card_view=card_view, card_html=card_html, star_mark=star_mark)
