"""Emailed secrets (verify an address, reset a password, confirm a new address).

The link carries 32 random bytes; the database keeps only their SHA-256, so a copy of the
database opens no account. A token is used at most once and expires: using it is one
conditional UPDATE checked by its row count, so two clicks (or two tabs) cannot both win.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from ..extensions import db
from ..types import utcnow
from .models import AccountToken, User

LIFETIMES = {
    "verify_email": timedelta(days=3),
    "reset_password": timedelta(hours=1),
    "change_email": timedelta(days=1),
}


def digest(raw: str) -> str:
    """The stored form of a token or code."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue(user: User, purpose: str, new_email: str | None = None) -> str:
    """A new token for `purpose`; earlier unused ones of the same purpose stop working."""
    revoke(user, purpose)
    raw = secrets.token_urlsafe(32)
    db.session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=digest(raw), new_email=new_email,
                                expires_at=utcnow() + LIFETIMES[purpose]))
    db.session.flush()
    return raw


def _usable(raw: str, purpose: str):
    return (AccountToken.token_hash == digest(raw or ""), AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None), AccountToken.expires_at > utcnow())


def peek(raw: str, purpose: str) -> AccountToken | None:
    """The token if it can still be used (to show its form), without using it."""
    if not raw or len(raw) > 100:
        return None
    return db.session.scalar(select(AccountToken).where(*_usable(raw, purpose)))


def consume(raw: str, purpose: str) -> AccountToken | None:
    """Use the token once: the token if this call used it, None if it is unknown, used or expired."""
    token = peek(raw, purpose)
    if token is None:
        return None
    won = db.session.execute(
        update(AccountToken).where(AccountToken.id == token.id, *_usable(raw, purpose)).values(used_at=utcnow())
    ).rowcount
    return token if won else None


def revoke(user: User, purpose: str) -> None:
    """Make every unused token of this purpose unusable (a password change voids reset links)."""
    db.session.execute(
        update(AccountToken).where(AccountToken.user_id == user.id, AccountToken.purpose == purpose,
                                   AccountToken.used_at.is_(None)).values(used_at=utcnow())
    )
