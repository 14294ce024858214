"""The request hooks: answer from the cache before the view runs, store what the view made.

`X-Cache` says what happened: `hit` (served from the cache), `miss` (made by the view and
stored), `bypass` (made by the view, not stored: not a cacheable page, a visitor with a session
of their own, an answer that may not be shared, or an unreachable cache).
"""
from __future__ import annotations

import hashlib
import logging

from flask import Response, g, request

from ..types import utcnow
from . import expiry, policy, store, tokens, version

log = logging.getLogger(__name__)

KEPT_HEADERS = ("X-Robots-Tag", "Content-Language", "Link")


def look_up() -> Response | None:
    """before_request: the cached answer, or None to let the view run (state kept on g)."""
    g.page_cache = "bypass"
    if not policy.may_look_up():
        return None
    g.page_cache_now = utcnow()
    try:
        # Not the Host: pages build absolute URLs from SITE_URL, so every server and name shares an entry.
        key = store.page_key(version.current(), policy.variant(), request.full_path)
        entry = store.get(key, g.page_cache_now)
    except store.UNAVAILABLE:
        log.warning("page cache unreachable: serving %s uncached", request.path, exc_info=True)
        return None
    g.page_cache, g.page_cache_key = "miss", key
    if entry is None:
        return None
    g.page_cache = "hit"
    return _answer(entry)


def _answer(entry: dict) -> Response:
    response = Response(status=200, content_type=entry["type"])
    response.headers.extend(entry["headers"])
    _validators(response, entry)
    if request.if_none_match.contains_weak(response.get_etag()[0]):
        response.status_code = 304  # the visitor's copy holds a token of this same session
        return response
    response.set_data(tokens.to_served(entry["body"], entry["token"]))
    _validators(response, entry)  # serving may have given the session its CSRF secret
    return response


def _validators(response: Response, entry: dict) -> None:
    """ETag from the stored body (and the visitor's CSRF secret when the page holds a token)."""
    if entry["token"]:
        # The served bytes differ by the token's signature time only: equivalent, hence weak.
        response.set_etag(f'{entry["etag"]}-{tokens.session_marker()}', weak=True)
    else:
        response.set_etag(entry["etag"])
    response.cache_control.no_cache = True  # browsers and proxies ask again (If-None-Match)
    response.vary.add("Cookie")


def finish(response: Response) -> Response:
    """after_request: store a miss when it may be shared; say what happened."""
    state = g.get("page_cache", "bypass")
    if state == "miss":
        state = _store(response)
    response.headers["X-Cache"] = state
    return response


def _store(response: Response) -> str:
    if not policy.may_store(response):
        return "bypass"
    body, has_token = tokens.to_stored(response.get_data())
    entry = {
        "body": body, "token": has_token, "type": response.content_type,
        "headers": [(k, v) for k, v in response.headers.items() if k in KEPT_HEADERS],
        "etag": hashlib.sha256(body).hexdigest()[:32],
        "until": expiry.valid_until(g.page_cache_now),
    }
    try:
        store.put(g.page_cache_key, entry, utcnow())
    except store.UNAVAILABLE:
        log.warning("page cache unreachable: %s not stored", request.path, exc_info=True)
        return "bypass"
    _validators(response, entry)
    response.make_conditional(request)
    return "miss"
