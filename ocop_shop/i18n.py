"""Languages: URL prefixes, Babel's locale, per-locale content with fallback to vi."""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, Mapping, TypeVar

from babel import Locale, support
from flask import Flask, abort, current_app, g, has_app_context, request
from flask_babel import get_locale, get_translations
from wtforms.i18n import messages_path

from .urls import url_for

DEFAULT_LANG = "vi"
FORM_TRANSLATIONS_KEY = "ocop_form_translations"  # app.extensions: {language: WTForms' translations}
_LOCALES: dict[str, Locale] = {}


def languages() -> tuple[str, ...]:
    """The site's languages, default first."""
    return tuple(current_app.config["LANGUAGES"])


def current_lang() -> str:
    """The language of the page being served (from its /<lang>/ prefix)."""
    # Through the proxy's own object: a product card asks a few times per product, and each
    # attribute read through werkzeug's LocalProxy costs ~1 µs (this way ~0.2 µs).
    return getattr(g._get_current_object(), "lang", None) or DEFAULT_LANG


def select_locale() -> Locale:
    """Babel locale selector: the URL's language, parsed once per process (flask_babel parses
    the string it is given on every request; it takes a Locale as it is)."""
    return _locale(current_lang())


def _locale(lang: str) -> Locale:
    locale = _LOCALES.get(lang)
    if locale is None:
        locale = _LOCALES[lang] = Locale.parse(lang)
    return locale


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
    found = get_translations()  # flask_babel keeps them per locale for the life of the process
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


def _form_translations(app: Flask, lang: str):
    """WTForms' own messages in a language, loaded once per app (Flask-WTF loads them from disk
    for every request that builds a form, ~25-50 µs: five path checks and, for en, the catalog).

    Flask-WTF keeps a request's on `request.wtforms_translations` and loads them only when that
    is unset; the language prefix sets it (tests/test_layout_pieces.py holds the two equal)."""
    kept = app.extensions[FORM_TRANSLATIONS_KEY]
    found = kept.get(lang)
    if found is None:
        found = kept[lang] = support.Translations.load(messages_path(), [_locale(lang)], domain="wtforms")
    return found


def register_language_prefix(bp) -> None:
    """Make every route of a blueprint live under /<lang>/ and keep lang in url_for."""

    @bp.url_value_preprocessor
    def _pull_lang(endpoint, values):
        lang = (values or {}).get("lang")
        app = current_app._get_current_object()
        if lang not in app.config["LANGUAGES"]:
            abort(404)
        g.lang = lang
        request.wtforms_translations = _form_translations(app, lang)

    @bp.url_defaults
    def _push_lang(endpoint, values):
        if "lang" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = current_lang()


def init_app(app: Flask) -> None:
    """Template helpers for language links; the app's kept translations."""
    app.extensions[FORM_TRANSLATIONS_KEY] = {}
    app.jinja_env.globals.update(
        localized=localized, current_lang=current_lang, twin_urls=twin_urls, languages=languages,
    )


def twin_urls() -> dict[str, str]:
    """This page in each of the site's languages ({code: its URL, query string kept}), built once
    per request (the switch, hreflang and x-default ask for them)."""
    request_g = g._get_current_object()
    twins = getattr(request_g, "_twin_urls", None)
    if twins is None:
        twins = request_g._twin_urls = _twins(languages())
    return twins


def _twins(codes) -> dict[str, str]:
    page = request._get_current_object()  # one proxy lookup, not six
    if page.endpoint is None or page.url_rule is None or "lang" not in page.url_rule.arguments:
        return {code: url_for("storefront.home", lang=code) for code in codes}
    args = dict(page.view_args or {})
    args.update(page.args.to_dict(flat=True))
    return {code: url_for(page.endpoint, **{**args, "lang": code}) for code in codes}
