"""Jinja filters and globals shared by every area."""
from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from flask import Flask, current_app, g, request, session, url_for
from flask_babel import format_date, format_decimal, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from jinja2 import FileSystemBytecodeCache

from . import media, storage
from .catalog import alcohol
from .catalog.models import Product
from .i18n import current_lang
from .extensions import db
from .money import format_vnd
from .promotions import pricing
from .timeutil import local_today
from .types import utcnow


def vnd(amount: int) -> str:
    """Jinja filter: đồng formatted for the page's language."""
    return _formatted_vnd(int(amount), current_lang())


@lru_cache(maxsize=4096)
def _formatted_vnd(amount: int, lang: str) -> str:
    # Babel's currency formatting is slow (~50 µs) and a pure function of its two arguments;
    # a page of 24 cards formats the same few prices over and over.
    return format_vnd(amount, lang)


def price_for(product, coupon=None) -> pricing.Price:
    """Template global: a product's price now, every product of the page priced in one query.

    On a miss, every Product the request's session holds is priced at once (the page's cards,
    shelves, cart lines), so a page costs one pricing query whatever its number of products;
    the moment is fixed per request, so all prices on a page agree. With a coupon (the cart),
    the product is priced on its own.
    """
    if coupon is not None:
        return pricing.price_for(product, coupon=coupon)
    prices = g.get("_page_prices")
    if prices is None:
        prices = g._page_prices = {}
        g._page_priced_at = utcnow()
    price = prices.get(product.id)
    if price is None or price.base != product.price:
        pending = {p.id: p for p in _session_products() if p.id not in prices}
        pending[product.id] = product
        prices.update(pricing.prices_for(pending.values(), g._page_priced_at))
        price = prices[product.id]
    return price


def _session_products() -> list:
    return [obj for obj in db.session.identity_map.values()
            if isinstance(obj, Product) and "price" in obj.__dict__ and "abv" in obj.__dict__]


def card_url(slug: str) -> str:
    """url_for("catalog.product", slug=slug), with the path up to the slug built once per request."""
    prefix = g.get("_card_url_prefix")
    if prefix is None:
        prefix = g._card_url_prefix = url_for("catalog.product", slug="-")[:-1]
    # werkzeug's default converter quotes a path segment with exactly these safe characters
    return prefix + quote(slug, safe="!$&'()*+,/:;=@")


def ocop_mark(stars: int, size: str, label: str):
    """The OCOP mark's SVG (macro ocop_mark_svg) for a star count, size and label, rendered once.

    The markup depends on nothing else; it is kept on the template object, so a template
    reloaded in development starts afresh. Whether a certificate shows it is decided per call.
    """
    template = current_app.jinja_env.get_template("_macros/catalog.html")
    marks = template.__dict__.setdefault("_ocop_marks", {})
    key = (stars, size, str(label))
    markup = marks.get(key)
    if markup is None:
        markup = marks[key] = template.module.ocop_mark_svg(stars, size, label)
    return markup


def _translations():
    """flask_babel's translations for the current locale, looked up once per locale and request.

    flask_babel's own lookup walks its request context three times per message (~10 µs);
    a page calls _() 60 times. The pair is kept beside flask_babel's locale on its context
    namespace, so force_locale() (e-mails in the recipient's language) still switches.
    """
    babel_ctx = g.get("_flask_babel")
    if babel_ctx is not None:
        cached = getattr(babel_ctx, "ocop_translations", None)
        if cached is not None and cached[0] is getattr(babel_ctx, "babel_locale", None):
            return cached[1]
    translations = get_translations()
    locale = get_locale()
    babel_ctx = g.get("_flask_babel")
    if babel_ctx is not None and locale is not None:
        babel_ctx.ocop_translations = (locale, translations)
    return translations


def _gettext(message: str) -> str:
    return _translations().ugettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ungettext(singular, plural, n)


def _pgettext(context: str, message: str) -> str:
    return _translations().upgettext(context, message)


def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _translations().unpgettext(context, singular, plural, n)


# Main navigation; an entry shows only when its area is registered.
NAV_LINKS = (
    ("catalog.products", _l("Products")),
    ("producers.index", _l("Producers")),
    ("places.index", _l("Places")),
    ("experiences.index", _l("Experiences")),
    ("fairs.index", _l("Trade fairs")),
    ("cart.show", _l("Cart")),
    ("join.apply", _l("For producers")),  # the application form, or the portal for members
)


def nav_links() -> list[tuple[str, str]]:
    return [(endpoint, str(label)) for endpoint, label in NAV_LINKS if endpoint in current_app.view_functions]


def register(app: Flask) -> None:
    if not app.debug and not app.testing:
        # Compiled templates kept on disk (checked against the source), so each new worker
        # process skips compiling them; templates are never re-read for changes outside debug.
        app.jinja_env.bytecode_cache = FileSystemBytecodeCache()
    app.jinja_env.filters.update(vnd=vnd, date=format_date, number=format_decimal)
    # the same callables flask_babel installs, with the cheaper translations lookup above
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True,
                                            pgettext=_pgettext, npgettext=_npgettext)
    app.jinja_env.globals.update(
        price_for=price_for,
        card_url=card_url,
        ocop_mark=ocop_mark,
        nav_links=nav_links,
        srcset=media.srcset,
        image_url=media.image_url,
        picture_sources=media.picture_sources,
        scaled_height=storage.scaled_height,
        shows_details=lambda product: alcohol.shows_details(product, session),
        may_promote=alcohol.may_promote,
        local_today=local_today,
    )

    @app.context_processor
    def _page_context():
        return {
            "today": local_today(),
            "demo_mode": current_app.config["DEMO_MODE"],
            "lang": current_lang(),
            "age_declared": alcohol.age_declared(session),
            "request_path": request.path,
        }
