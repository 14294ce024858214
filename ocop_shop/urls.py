"""url_for with each distinct URL built once per process (templates and page helpers use it).

werkzeug builds a URL from scratch on every call (Flask's url_for, the url_defaults hooks, the
rule's builder: ~15-30 µs), and every page asks for the same ones again: the layout's language
twins and canonical URL, the navigation, the product's and the producer's URLs (four times each
on a product page). The answer is a pure function of the app's URL map (fixed once it serves),
the script root, the endpoint, the values and the language (`g.lang`, which url_defaults adds;
`mail.in_locale` switches it mid-request), so it is kept per app in a least-recently-used
memo of URLS_KEPT entries, and for the rest of the request on `g` (a cheaper look-up for the
same URL asked again). Kept for the request only: relative endpoints ("."), Flask's own options
(`_external`, `_anchor`, …: they read the host or scheme), URLs built outside a request (an app
context only) and anything with the debugger on (static fingerprints are read again per request
then). Never kept: list values (several query values).
"""
from __future__ import annotations

from functools import lru_cache

from flask import current_app, g, has_request_context, request
from flask import url_for as flask_url_for

URLS_KEPT = 4096
EXTENSION_KEY = "ocop_urls"
FLASK_OPTIONS = frozenset({"_anchor", "_method", "_scheme", "_external"})


def url_for(endpoint: str, **values) -> str:
    """flask.url_for, remembered."""
    request_g = g._get_current_object()  # one proxy lookup, not three (~1 µs each)
    # values in their order (query values follow it), with their types (True and 1 are equal keys)
    key = (getattr(request_g, "lang", None), endpoint, tuple(values.items()), tuple(map(type, values.values())))
    built = getattr(request_g, "_built_urls", None)
    if built is None:
        built = request_g._built_urls = {}
    try:
        url = built.get(key)
    except TypeError:  # a list value (several query values): build it each time
        return flask_url_for(endpoint, **values)
    if url is None:
        url = built[key] = _kept_or_built(key, endpoint, values)
    return url


def _kept_or_built(key: tuple, endpoint: str, values: dict) -> str:
    """From the app's memo when the URL depends on nothing but the key and the script root."""
    if endpoint[0] == "." or not values.keys().isdisjoint(FLASK_OPTIONS) or not has_request_context():
        return flask_url_for(endpoint, **values)
    app = current_app._get_current_object()
    if app.debug:
        return flask_url_for(endpoint, **values)
    return app.extensions[EXTENSION_KEY](request.script_root, *key)


def _build(script_root: str, lang: str | None, endpoint: str, items: tuple, types: tuple) -> str:
    # Called by the memo on a miss, inside the request whose script root and language are the key.
    return flask_url_for(endpoint, **dict(items))


def init_app(app) -> None:
    """Each app keeps its own URLs (tests make many apps in one process)."""
    app.extensions[EXTENSION_KEY] = lru_cache(maxsize=URLS_KEPT)(_build)
