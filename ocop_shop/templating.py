"""Jinja filters and globals shared by every area."""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from flask import Flask, current_app, g, get_flashed_messages, request, session
from flask.templating import Environment as FlaskEnvironment
from flask_babel import format_date, format_datetime, format_decimal, get_locale, get_timezone
from flask_babel import lazy_gettext as _l
from jinja2 import FileSystemBytecodeCache, pass_eval_context
from markupsafe import Markup, escape

from . import media, storage
from .catalog import alcohol, cards
from .catalog.models import Product
from .i18n import current_lang, translations
from .extensions import db
from .money import format_vnd
from .promotions import pricing
from .timeutil import local_today
from .types import utcnow
from .urls import url_for


class Environment(FlaskEnvironment):
    """Flask's Jinja environment whose templates read the environment's globals directly.

    jinja2 gives each template a ChainMap of its own globals over the environment's, and copies
    that map into a dict for every render (`new_context`: `dict(globals, **vars)`) and again into
    a set (`Context.globals_keys`): with ~70 globals, a ChainMap walks both maps per key, ~40 µs a
    render against ~1 µs for a dict. No template here has globals of its own, so such a template
    gets the environment's dict itself (still live: a global added later shows); one loaded with
    globals of its own keeps jinja2's overlay. tests/test_templating.py pins both.
    """

    def make_globals(self, d):
        return self.globals if not d else super().make_globals(d)


def use_environment(app: Flask) -> None:
    """Before anything touches app.jinja_env (flask_babel does in init_app)."""
    app.jinja_environment = Environment


def vnd(amount: int) -> str:
    """Jinja filter: đồng formatted for the page's language."""
    return format_vnd(amount, current_lang())


def date_filter(value, format=None) -> str:
    """Jinja filter `date`: flask_babel.format_date, each value formatted once per format and locale."""
    return _formatted_date(format_date, value, format)


def datetime_filter(value, format=None) -> str:
    """Jinja filter `datetimeformat`: flask_babel.format_datetime, in Việt Nam time, formatted once."""
    return _formatted_date(format_datetime, value, format)


def number_filter(value, format=None) -> str:
    """Jinja filter `number`: flask_babel.format_decimal, each number formatted once per locale."""
    return _formatted_in(format_decimal, value, format, str(get_locale()), "")


def _formatted_date(formatter, value, format) -> str:
    if value is None:  # flask_babel formats "now" then
        return formatter(value, format)
    return _formatted_in(formatter, value, format, str(get_locale()), str(get_timezone()))


@lru_cache(maxsize=4096, typed=True)
def _formatted_in(formatter, value, format, locale: str, timezone: str) -> str:
    # Babel's date and number formatting (~30-60 µs) is a pure function of the value, the
    # format, and the request's locale and time zone, which are part of the key.
    return formatter(value, format)


def price_for(product, coupon=None) -> pricing.Price:
    """Template global: a product's price now, every product of the page priced in one query.

    On a miss, every product the request's session holds is priced at once (the page's cards,
    as ORM products or card records, shelves, cart lines), so a page costs one pricing query
    whatever its number of products;
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
            if isinstance(obj, Product) and "price" in obj.__dict__ and "abv" in obj.__dict__] + cards.loaded()


def card_url(slug: str) -> str:
    """url_for("catalog.product", slug=slug), with the path up to the slug built once per request."""
    request_g = g._get_current_object()  # one proxy lookup per card, not two (~1 µs each)
    prefix = getattr(request_g, "_card_url_prefix", None)
    if prefix is None:
        prefix = request_g._card_url_prefix = url_for("catalog.product", slug="-")[:-1]
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


SLOT = "\ue000{}\ue001"  # a slot's stand-in: private-use characters, which escaping keeps and no text holds
SHELL_KEY = "ocop_shell"  # app.extensions: the kept pieces of this app


def shell(piece: str, *args, **slots):
    """A macro of _shell.html: base.html's parts that are the same for every anonymous visitor.

    Without arguments the markup depends only on the language, the script root (url_for), the
    demo mode and the code, so it is rendered once per process and kept; with positional
    arguments (a signed-in visitor) it is rendered per call. Keyword arguments are slots: values
    the macro only writes out (`{{ name }}`, or `|trim`med, which the caller does beforehand). The
    piece is rendered once with a stand-in for each, and each call puts the escaped values in their
    places, as `{{ name }}` would (tests/test_layout_pieces.py); an empty value (a macro may test it)
    renders the piece per call. With the debugger on or templates reloading, nothing is kept.
    """
    app = current_app._get_current_object()  # one proxy lookup, not four
    if args or app.debug or app.jinja_env.auto_reload or not all(slots.values()):
        return _shell_macro(app, piece)(*args, **slots)
    key = (piece, current_lang(), request.script_root, app.config["DEMO_MODE"], *slots)
    kept = app.extensions[SHELL_KEY]
    parts = kept.get(key)
    if parts is None:
        parts = kept[key] = _slotted(_shell_macro(app, piece)(**{name: SLOT.format(name) for name in slots}), slots)
    head, rest = parts
    if not rest:
        return head
    out = [head]
    for name, text in rest:
        out.append(escape(slots[name]))
        out.append(text)
    return Markup("".join(out))


def flashes():
    """The box of this visitor's flashed messages (_shell.html flashes), or nothing: base.html and
    the back-office layouts (through _flashes.html) show it."""
    messages = get_flashed_messages(with_categories=True)
    return shell("flashes", messages) if messages else ""


def _shell_macro(app: Flask, piece: str):
    return getattr(app.jinja_env.get_template("_shell.html").module, piece)


def _slotted(markup: Markup, slots) -> tuple:
    """The markup cut at its slots' stand-ins: (text before the first, ((slot name, text after), …))."""
    if not slots:
        return markup, ()
    names = "|".join(re.escape(name) for name in slots)
    parts = re.split(SLOT.format(f"({names})"), markup)
    return parts[0], tuple(zip(parts[1::2], parts[2::2]))


def macros(name: str):
    """Template global: a macro template's module, as `{% import name as m %}` gives it.

    jinja2's import statements check, on every render, whether the importing page has globals
    of its own to pass along (a set difference over the environment's ~65 globals through a
    ChainMap: ~25 µs). Pages here have none (render_template passes none), so the import always
    returns the module made once without context: this is that module, without the check
    (tests/test_templating.py holds the two equal).
    """
    return current_app.jinja_env.get_template(name).module


def _gettext(message: str) -> str:
    return translations().ugettext(message)


@pass_eval_context
def _template_gettext(eval_ctx, message: str, **variables) -> str:
    """`_()` in templates: what jinja2's alias does (the newstyle `gettext` it resolves, around
    _gettext: escape-aware, always %-formatted) without its two extra Context.call layers
    (~3 of ~8 µs a call; a page makes 50). tests/test_templating.py holds the two equal.

    It takes the evaluation context, not the context: jinja2 copies the whole context
    (`Context.derived`, ~10 µs) for each call of a context function made in a block or loop
    that has set variables of its own (docs/DECISIONS.md, "pp"). A text without variables and
    without "%" is what %-formatting would give back (~1 µs a call saved)."""
    text = translations().ugettext(message)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ungettext(singular, plural, n)


def _pgettext(context: str, message: str) -> str:
    return translations().upgettext(context, message)


def _npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations().unpgettext(context, singular, plural, n)


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
    app.extensions[SHELL_KEY] = {}
    app.jinja_env.filters.update(vnd=vnd, date=date_filter, datetimeformat=datetime_filter,
                                  number=number_filter)
    # the same callables flask_babel installs, with the cheaper translations lookup (i18n.translations)
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True,
                                            pgettext=_pgettext, npgettext=_npgettext)
    app.jinja_env.globals["_"] = _template_gettext
    app.jinja_env.globals.update(
        price_for=price_for,
        card_url=card_url,
        ocop_mark=ocop_mark,
        url_for=url_for,  # each distinct URL built once per process (urls.py)
        shell=shell,
        flashes=flashes,
        macros=macros,
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
