"""CSRF tokens in cached pages: stored as a sentinel, the visitor's own token put back when served.

A page rendered for visitor A holds A's token (Flask-WTF keeps the request's token on `g`).
Before storing, every occurrence becomes SENTINEL; serving the entry to visitor B replaces
SENTINEL with B's token, made exactly as the uncached page would have made it (generate_csrf:
the secret is created in B's session when B has none), so B's forms post with B's token and the
usual CSRF check stands unchanged. A page that rendered no token is stored as it is.
"""
from __future__ import annotations

import hashlib

from flask import current_app, g, session
from flask_wtf.csrf import generate_csrf

SENTINEL = b"__ocop_page_cache_csrf__"


def _field() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def rendered_token() -> str | None:
    """The token this request put into its page, if it rendered one."""
    return g.get(_field())


def to_stored(body: bytes) -> tuple[bytes, bool]:
    """The body to store (the token replaced by SENTINEL) and whether it holds a token."""
    token = rendered_token()
    if not token:
        return body, False
    encoded = token.encode("ascii")
    return body.replace(encoded, SENTINEL), encoded in body


def to_served(stored: bytes, has_token: bool) -> bytes:
    """The stored body with this visitor's token in place of SENTINEL."""
    if not has_token:
        return stored
    return stored.replace(SENTINEL, generate_csrf().encode("ascii"))


def session_marker() -> str:
    """A short digest of this visitor's CSRF secret (part of a token page's ETag), '' when none."""
    secret = session.get(_field())
    return hashlib.sha256(str(secret).encode()).hexdigest()[:12] if secret else ""
