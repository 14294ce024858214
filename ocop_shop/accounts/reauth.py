"""The password asked again before a sensitive action (a refund, two-factor changes, deleting an account).

Typing the password at sign-in or on the confirm-password page stamps the session; a view
decorated with `recent_password_required(minutes=10)` runs only within that many minutes of
the stamp, and otherwise sends the person to confirm their password, then back.
"""
from __future__ import annotations

import time
from functools import wraps
from urllib.parse import urlsplit

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import login_manager

SESSION_KEY = "password_confirmed_at"


def mark_confirmed() -> None:
    """The signed-in person has just typed their password."""
    session[SESSION_KEY] = int(time.time())


def confirmed_within(minutes: int) -> bool:
    stamp = session.get(SESSION_KEY)
    return isinstance(stamp, int) and 0 <= time.time() - stamp <= minutes * 60


def safe_next(target: str | None) -> str | None:
    """A same-site path to go to afterwards, or None (never another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _return_to() -> str:
    """Where to come back to: this page for a GET; for a POST, the same-site page the form was on."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host:
        back = safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))
        if back:
            return back
    return url_for("accounts.home")


def recent_password_required(minutes: int = 10):
    """Let the view run only if the password was typed in the last `minutes` minutes."""

    def decorator(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if confirmed_within(minutes):
                return view(*args, **kwargs)
            flash(_("For your safety, please type your password again to continue."), "info")
            return redirect(url_for("accounts.confirm_password", next=_return_to()))

        return checked

    return decorator
