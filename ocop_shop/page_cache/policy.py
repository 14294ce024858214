"""Which requests may be answered from the cache, and which answers may be stored.

Only the pages listed here, the same for every visitor, are ever cached (an allow-list: nothing
is cached by default). A request is looked up only when it is an anonymous GET/HEAD whose
session holds nothing visitor-specific; an answer is stored only when it is a 200 HTML page
that set no cookie, flashed nothing and left nothing visitor-specific in the session.
"""
from __future__ import annotations

from flask import Response, request, session
from flask_login import current_user

# Pages that are the same for every visitor (per URL, language and age declaration).
CACHEABLE_ENDPOINTS = frozenset({
    "storefront.home",
    "catalog.products", "catalog.product",
    "producers.index", "producers.show",
    "places.index", "places.show",
    "experiences.index",
    "promotions.campaign",
    "fairs.index", "fairs.show",
    "search.results",
})

# Session keys a cached page may be served with: the CSRF secret (the visitor's own token is put
# into the page when it is served) and the age declaration (part of the key). Anything else (a
# cart, flashed messages, a signed-in user, checkout data, a chosen province) means "bypass".
AGE_KEY = "age_declared"  # catalog.alcohol.SESSION_KEY (tests/test_page_cache.py holds them equal)
# Flask-Login marks any anonymous session it sees `_fresh: False` (session protection); it says nothing.
NEUTRAL_SESSION_KEYS = frozenset({"csrf_token", AGE_KEY, "_permanent", "_fresh"})


def may_look_up() -> bool:
    """Whether this request may be answered from the cache."""
    return (request.method in ("GET", "HEAD")
            and request.endpoint in CACHEABLE_ENDPOINTS
            and _session_is_neutral()
            and not current_user.is_authenticated)


def may_store(response: Response) -> bool:
    """Whether this answer may be stored for every visitor."""
    return (response.status_code == 200
            and response.mimetype == "text/html"
            and not response.is_streamed
            and "Set-Cookie" not in response.headers
            and not (response.cache_control.no_store or response.cache_control.private)
            and _session_is_neutral())


def _session_is_neutral() -> bool:
    return set(session.keys()) <= NEUTRAL_SESSION_KEYS


def variant() -> str:
    """The part of the key that differs between anonymous visitors: the age declaration."""
    return "adult" if session.get(AGE_KEY) else "any"
