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
PASSWORD_RESET = "10 per hour"
PASSWORD_RESET_PER_EMAIL = "3 per hour"  # reset links asked for one address: no inbox flooding
TWO_FACTOR_PER_ACCOUNT = "10 per 10 minutes"  # guessing a six-digit code stays hopeless
ACCOUNT_PAGE = "20 per hour"  # password and email changes, verification links, deletion, downloads


def posts(rule: str):
    """Limit the POSTs of a view (its GETs, the form itself, stay free)."""
    return limiter.limit(rule, methods=["POST"])


def _sign_in_account() -> str:
    return "account:" + fold(request.form.get("login", "")).replace(" ", "")[:254]


def sign_in(view):
    """Sign-in attempts: per address, and per account typed."""
    view = limiter.limit(SIGN_IN_PER_ACCOUNT, methods=["POST"], key_func=_sign_in_account)(view)
    return posts(SIGN_IN)(view)


def _reset_email() -> str:
    return "reset:" + fold(request.form.get("email", "")).replace(" ", "")[:254]


def password_reset(view):
    """Reset links: per address, and per email typed."""
    view = limiter.limit(PASSWORD_RESET_PER_EMAIL, methods=["POST"], key_func=_reset_email)(view)
    return posts(PASSWORD_RESET)(view)


def _two_factor_account() -> str:
    from flask import session

    pending = session.get("two_factor_pending")
    return f"two-factor:{pending.get('user') if isinstance(pending, dict) else '-'}"


def two_factor(view):
    """Two-step codes: per address, and per account waiting for its code."""
    view = limiter.limit(TWO_FACTOR_PER_ACCOUNT, methods=["POST"], key_func=_two_factor_account)(view)
    return posts(SIGN_IN)(view)


def _signed_in_account() -> str:
    from flask_login import current_user

    return f"user:{current_user.get_id() if current_user.is_authenticated else '-'}"


def account_page(view):
    """Sensitive account forms (passwords, email, deletion): per signed-in account, and per address."""
    view = limiter.limit(ACCOUNT_PAGE, methods=["POST"], key_func=_signed_in_account)(view)
    return posts(SIGN_IN)(view)


lookups = limiter.limit(LOOKUP)
suggestions = limiter.limit(SUGGEST)
