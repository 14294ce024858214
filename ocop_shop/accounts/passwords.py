"""Forgotten and changed passwords.

Asking for a reset link answers the same whether or not an account has the address (the page
never says which), and the link works once, for an hour. Using it, or changing the password
any other way, voids every reset link already sent.
"""
from __future__ import annotations

from werkzeug.security import check_password_hash

from ..extensions import db
from ..text import normalize
from . import emails, tokens, verification
from .models import User
from .services import AccountError, find_by_login, set_password


def request_reset(email: str) -> None:
    """Email a reset link if an active account has this address; say nothing either way."""
    email = normalize(email).lower()
    user = find_by_login(email) if "@" in email else None
    if user is None or not user.active or user.email != email:
        return
    emails.reset_password(user, tokens.issue(user, "reset_password"))


def reset_form_valid(raw: str) -> bool:
    """Whether a reset link can still be used (its page shows the form, or says it expired)."""
    return tokens.peek(raw, "reset_password") is not None


def reset(raw: str, new_password: str) -> User | None:
    """Set the new password with a reset link (once); the account, or None if the link is not valid."""
    token = tokens.consume(raw, "reset_password")
    if token is None:
        return None
    user = db.session.get(User, token.user_id)
    set_password(user, new_password)
    verification.mark_verified(user)  # the link reached the inbox: the address is the owner's
    emails.password_changed(user)
    return user


def change(user: User, current: str, new_password: str) -> None:
    """Change the password of a signed-in account, which must give its current one; the address is told."""
    if not check_password_hash(user.password_hash, current or ""):
        raise AccountError("wrong_password")
    set_password(user, new_password)
    if user.email:
        emails.password_changed(user)
