"""Rate limits on the forms and lookups that attract abuse: the one place for their rules.

Limits count per client address (the proxy's forwarded address when TRUSTED_PROXY_COUNT is set).
They are generous on purpose: many Vietnamese mobile users share one public address behind
their carrier's NAT, so a limit must stop a script, not a village. Sign-in also counts per
account, so guessing one account's password from many addresses is slow too.
"""
from __future__ import annotations

from flask import request

from .extensions import limiter
from .text import fold

SIGN_IN = "20 per minute;300 per day"
SIGN_IN_PER_ACCOUNT = "10 per 10 minutes"
NEW_ACCOUNT = "10 per hour"
ORDER = "20 per hour"
BOOKING = "10 per hour"
SUGGEST = "120 per minute"
LOOKUP = "60 per minute"


def posts(rule: str):
    """Limit the POSTs of a view (its GETs, the form itself, stay free)."""
    return limiter.limit(rule, methods=["POST"])


def _sign_in_account() -> str:
    return "account:" + fold(request.form.get("login", "")).replace(" ", "")[:254]


def sign_in(view):
    """Sign-in attempts: per address, and per account typed."""
    view = limiter.limit(SIGN_IN_PER_ACCOUNT, methods=["POST"], key_func=_sign_in_account)(view)
    return posts(SIGN_IN)(view)


lookups = limiter.limit(LOOKUP)
suggestions = limiter.limit(SUGGEST)
