"""Languages: URL prefixes, Babel's locale, per-locale content with fallback to vi."""
from __future__ import annotations

from typing import Any, Mapping

from flask import Flask, abort, current_app, g, request

DEFAULT_LANG = "vi"


def languages() -> tuple[str, ...]:
    """The site's languages, default first."""
    return tuple(current_app.config["LANGUAGES"])


def current_lang() -> str:
    """The language of the page being served (from its /<lang>/ prefix)."""
    return getattr(g, "lang", None) or DEFAULT_LANG


def select_locale() -> str:
    """Babel locale selector: the URL's language."""
    return current_lang()


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
    from .urls import url_for

    if request.endpoint is None or request.url_rule is None or "lang" not in request.url_rule.arguments:
        return url_for("storefront.home", lang=lang)
    args = dict(request.view_args or {})
    args.update(request.args.to_dict(flat=True))
    args["lang"] = lang
    return url_for(request.endpoint, **args)
