"""What a public page says about itself in its <head>: canonical URL, title and description.

Titles and descriptions are built from the page's own data in the page's language, so that no two
indexable pages share them (tests/test_seo_pages.py crawls the storefront to check). Spirits
(ABV ≥ 15) are never named in another page's description: that would be advertising.
"""
from __future__ import annotations

from babel.lists import format_list
from flask import current_app, request
from flask_babel import ngettext

from ..catalog import alcohol
from ..i18n import current_lang
from ..i18n import gettext as _  # flask_babel.gettext without its per-call context lookups
from ..urls import url_for

DESCRIPTION_LIMIT = 160  # characters a search result shows, about
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
NAMED_PRODUCTS = 3  # products a producer's description names


def absolute(path: str) -> str:
    """SITE_URL + a path of this site."""
    return current_app.config["SITE_URL"] + path


def canonical_url(**query) -> str | None:
    """This page's absolute URL without its query string (plus `query` values that are not None);
    None outside a route."""
    if request.url_rule is None or request.endpoint is None:
        return None
    args = dict(request.view_args or {})
    args.update({name: value for name, value in query.items() if value is not None})
    return absolute(url_for(request.endpoint, **args))


def og_locale(lang: str | None = None) -> str:
    return OG_LOCALES.get(lang or current_lang(), "vi_VN")


def summary(sentences: list[str], text: str = "") -> str:
    """Sentences then the start of a text, cut at a word before DESCRIPTION_LIMIT characters."""
    words = " ".join([*(s for s in sentences if s), " ".join(text.split())]).strip()
    if len(words) <= DESCRIPTION_LIMIT:
        return words
    return words[:DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"


def _names(items: list[str]) -> str:
    return format_list(items, locale=current_lang())


def stars_words(certification) -> str:
    return _("OCOP %(stars)d-star", stars=certification.stars) if certification else ""


def product_title(product, certification) -> str:
    parts = [product.name, product.producer.name, stars_words(certification)]
    return " · ".join(p for p in parts if p)


def product_description(product, certification) -> str:
    producer = product.producer
    if producer.locality:
        lead = _("%(product)s by %(producer)s, %(place)s.", product=product.name, producer=producer.name,
                 place=producer.locality.name)
    else:
        lead = _("%(product)s by %(producer)s.", product=product.name, producer=producer.name)
    stars = _("%(rating)s certified.", rating=stars_words(certification)) if certification else ""
    return summary([lead, stars], product.text("description"))


def producer_title(producer) -> str:
    return f"{producer.name} · {producer.locality.name}" if producer.locality else producer.name


def producer_description(producer, products) -> str:
    """Name, place and what it makes (spirits left unnamed), then the start of its story."""
    named = [p.name for p in products if alcohol.may_promote(p)][:NAMED_PRODUCTS]
    place = producer.locality.name if producer.locality else _("Cao Bằng")
    lead = _("%(producer)s, %(place)s.", producer=producer.name, place=place)
    makes = _("Makes %(products)s.", products=_names(named)) if named else ""
    return summary([lead, makes], producer.text("excerpt") or producer.text("story"))


def place_title(place) -> str:
    parent = place.parent.name if place.parent is not None and place.parent.kind != "province" else ""
    name = f"{place.name}, {parent}" if parent else place.name
    return _("%(place)s: specialties and producers", place=name)


def place_description(place, page) -> str:
    named = [p.name for p in page.products if alcohol.may_promote(p)][:NAMED_PRODUCTS]
    counts = ngettext("%(num)d producer", "%(num)d producers", len(page.producers))
    lead = _("%(place)s, Cao Bằng: %(producers)s.", place=place.name, producers=counts)
    makes = _("Known for %(products)s.", products=_names(named)) if named else ""
    return summary([lead, makes], place.text("description"))


def campaign_description(campaign, when: str) -> str:
    """Its name and dates, then the start of its description."""
    lead = _("%(campaign)s: OCOP products of Cao Bằng, %(when)s.", campaign=campaign.name, when=when)
    return summary([lead], campaign.text("description"))


def fair_description(fair, dates: str, place_name: str = "") -> str:
    venue = ", ".join(v for v in (fair.text("venue"), place_name) if v)
    if venue:
        lead = _("%(fair)s, %(dates)s, at %(venue)s.", fair=fair.name, dates=dates, venue=venue)
    else:
        lead = _("%(fair)s, %(dates)s.", fair=fair.name, dates=dates)
    return summary([lead], fair.text("description"))
