"""url_for with each distinct URL built once per request (templates and page helpers use it).

A product page asks for the same few URLs over and over (the product's own URL for the
canonical link, og:url, JSON-LD and breadcrumbs; the producer's for the byline, the excerpt
and the Offer's seller), and werkzeug builds each from scratch (~15 µs). Within one request
the answer for the same endpoint, values and language cannot change (same URL adapter; the
language is part of the key, as an e-mail rendered in its recipient's language switches it:
mail.in_locale), so it is kept on `g`, which is per request (and per app context outside one).
"""
from __future__ import annotations

from flask import g
from flask import url_for as flask_url_for


def url_for(endpoint: str, **values) -> str:
    """flask.url_for, remembered for the rest of the request."""
    request_g = g._get_current_object()  # one proxy lookup, not three (~1 µs each)
    try:
        key = (getattr(request_g, "lang", None), endpoint, *sorted(values.items()))
        hash(key)
    except TypeError:  # a list value (several query values): build it each time
        return flask_url_for(endpoint, **values)
    built = getattr(request_g, "_built_urls", None)
    if built is None:
        built = request_g._built_urls = {}
    url = built.get(key)
    if url is None:
        url = built[key] = flask_url_for(endpoint, **values)
    return url
