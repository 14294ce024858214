"""Proving an address: the link sent to a new account, and a change of email confirmed at the new address."""
from __future__ import annotations

from sqlalchemy import update
from werkzeug.security import check_password_hash

from ..extensions import db
from ..text import normalize
from ..types import utcnow
from . import emails, tokens
from .models import User
from .services import AccountError, find_by_login


def send_link(user: User) -> bool:
    """Email a fresh verification link (the earlier one stops working); False if there is nothing to verify."""
    if not user.email or user.email_verified:
        return False
    emails.verify_email(user, tokens.issue(user, "verify_email"))
    return True


def verify(raw: str) -> User | None:
    """Mark the address verified with a link's token; the account, or None if the link is not valid."""
    token = tokens.consume(raw, "verify_email")
    if token is None:
        return None
    user = db.session.get(User, token.user_id)
    mark_verified(user)
    return user


def mark_verified(user: User) -> None:
    """The owner showed they read mail at this address (a verification or reset link)."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()


def request_change(user: User, new_email: str, password: str) -> None:
    """Send a confirmation link to the new address; nothing changes until it is opened."""
    if not check_password_hash(user.password_hash, password or ""):
        raise AccountError("wrong_password")
    new_email = normalize(new_email).lower()
    if new_email == user.email:
        raise AccountError("same_email")
    if find_by_login(new_email) is not None:
        raise AccountError("email_taken")
    emails.confirm_new_email(user, new_email, tokens.issue(user, "change_email", new_email=new_email))


def confirm_change(raw: str) -> User | None:
    """Switch to the confirmed new address and tell the old one; None if the link is not valid."""
    token = tokens.consume(raw, "change_email")
    if token is None:
        return None
    user = db.session.get(User, token.user_id)
    if find_by_login(token.new_email) is not None:
        raise AccountError("email_taken")  # taken by another account since the link was sent
    old_email = user.email
    user.email = token.new_email
    user.email_verified_at = utcnow()
    db.session.flush()
    # Links sent to the old address must not work any more.
    db.session.execute(update(tokens.AccountToken).where(
        tokens.AccountToken.user_id == user.id, tokens.AccountToken.purpose.in_(("verify_email", "reset_password")),
        tokens.AccountToken.used_at.is_(None)).values(used_at=utcnow()))
    if old_email:
        emails.email_changed(user, old_email)
    return user
