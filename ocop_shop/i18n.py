"""Languages: URL prefixes, Babel's locale, per-locale content with fallback to vi."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, Mapping, TypeVar

from flask import Flask, abort, current_app, g, has_app_context, request
from flask_babel import get_locale, get_translations

DEFAULT_LANG = "vi"


def languages() -> tuple[str, ...]:
    """The site's languages, default first."""
    return tuple(current_app.config["LANGUAGES"])


def current_lang() -> str:
    """The language of the page being served (from its /<lang>/ prefix)."""
    # Through the proxy's own object: a product card asks a few times per product, and each
    # attribute read through werkzeug's LocalProxy costs ~1 µs (this way ~0.2 µs).
    return getattr(g._get_current_object(), "lang", None) or DEFAULT_LANG


def select_locale() -> str:
    """Babel locale selector: the URL's language."""
    return current_lang()


def translations():
    """flask_babel's translations for the current locale, looked up once per locale and request.

    flask_babel's own lookup walks its request context three times per message (~10 µs); a
    page asks for some sixty messages. The pair is kept beside flask_babel's locale on its
    context namespace (`g._flask_babel`), so force_locale() (e-mails in the recipient's
    language) still switches.
    """
    return _locale_and_translations()[1]


def _locale_and_translations() -> tuple:
    babel_ctx = _babel_context()
    if babel_ctx is not None:
        cached = getattr(babel_ctx, "ocop_translations", None)
        if cached is not None and cached[0] is getattr(babel_ctx, "babel_locale", None):
            return cached
    found = get_translations()
    locale = get_locale()
    babel_ctx = _babel_context()
    if babel_ctx is not None and locale is not None:
        babel_ctx.ocop_translations = (locale, found)
    return locale, found


def _babel_context():
    """flask_babel's per-context namespace, if it made one (None outside an app context)."""
    return getattr(g._get_current_object(), "_flask_babel", None) if has_app_context() else None


def gettext(message: str, **variables) -> str:
    """flask_babel.gettext through the lookup above: the same text, a fraction of the cost."""
    text = translations().ugettext(message)
    return text % variables if variables else text


T = TypeVar("T")


def per_locale(build: Callable[[], T]) -> Callable[[], T]:
    """`build()` computed once per locale and page language, then kept for the process.

    For texts made only of the code's own words (lazy_gettext constants, formatted amounts of
    fixed prices): they depend on nothing but the compiled catalogs, which do not change while
    the process runs, and the language, which is the key.
    """
    kept: dict[tuple, T] = {}

    @wraps(build)
    def in_current_locale() -> T:
        key = (_locale_and_translations()[0], current_lang())  # Babel's Locale (None outside a request)
        value = kept.get(key)
        if value is None:
            value = kept[key] = build()
        return value

    return in_current_locale


def best_language() -> str:
    """The visitor's preferred language among ours, from Accept-Language (default vi)."""
    return request.accept_languages.best_match(languages(), default=DEFAULT_LANG) or DEFAULT_LANG


def localized(content: Mapping[str, Any] | None, field: str, lang: str | None = None) -> Any:
    """A content field in the page's language, falling back to vi, then to any language."""
    if not content:
        return ""
    lang = lang or current_lang()
    for code in (lang, DEFAULT_LANG):
        value = (content.get(code) or {}).get(field)
        if value:
            return value
    for values in content.values():
        if values and values.get(field):
            return values[field]
    return ""


def register_language_prefix(bp) -> None:
    """Make every route of a blueprint live under /<lang>/ and keep lang in url_for."""

    @bp.url_value_preprocessor
    def _pull_lang(endpoint, values):
        lang = (values or {}).get("lang")
        if lang not in current_app.config["LANGUAGES"]:
            abort(404)
        g.lang = lang

    @bp.url_defaults
    def _push_lang(endpoint, values):
        if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = current_lang()


def init_app(app: Flask) -> None:
    """Template helpers for language links."""
    app.jinja_env.globals.update(
        localized=localized, current_lang=current_lang, twin_url=twin_url, languages=languages
    )


def twin_url(lang: str) -> str:
    """This page in another language, query string kept (for the switch and hreflang)."""
    request_g = g._get_current_object()
    twins = getattr(request_g, "_twin_urls", None)
    if twins is None:
        twins = request_g._twin_urls = {}
    url = twins.get(lang)
    if url is None:  # a page asks for each language two or three times (switch, hreflang, x-default)
        url = twins[lang] = _twin_url(lang)
    return url


def _twin_url(lang: str) -> str:
    from .urls import url_for

    if request.endpoint is None or request.url_rule is None or "lang" not in request.url_rule.arguments:
        return url_for("storefront.home", lang=lang)
    args = dict(request.view_args or {})
    args.update(request.args.to_dict(flat=True))
    args["lang"] = lang
    return url_for(request.endpoint, **args)
