"""Accounts: creating users, checking passwords, the demo-account guard."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, inspect, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..addresses import normalize_phone
from ..extensions import db
from ..text import normalize
from .models import User

DEMO_EMAILS = ("admin@example.com", "producer@example.com", "producer2@example.com", "producer3@example.com",
               "customer@example.com")


class AccountError(ValueError):
    """A refused account change; str(error) is shown to the user."""


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def create_user(email: str | None, password: str, name: str, role: str = "customer",
                phone: str | None = None, locale: str = "vi") -> User:
    """A new active user; the email is stored lower-cased."""
    email = normalize(email).lower() or None
    if email and find_by_login(email) is not None:
        raise AccountError("email_taken")
    user = User(email=email, phone=phone or None, password_hash=hash_password(password),
                name=normalize(name), role=role, locale=locale)
    db.session.add(user)
    db.session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """Change the password; reset links already sent stop working."""
    from .tokens import revoke

    user.password_hash = hash_password(password)
    revoke(user, "reset_password")
    db.session.flush()


def find_by_login(login: str) -> User | None:
    """The user with this email (any case) or phone number (typed any usual way)."""
    login = normalize(login)
    if not login:
        return None
    phone = normalize_phone(login) or login
    return db.session.scalar(
        select(User).where(or_(User.email == login.lower(), User.phone == phone))
    )


def _dummy_hash() -> str:
    """A hash made with the configured method, checked when no account matches (same work, same time)."""
    cache = current_app.extensions.setdefault("ocop_dummy_password_hash", {})
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in cache:
        cache[method] = generate_password_hash("not a password of anyone", method=method)
    return cache[method]


def authenticate(login: str, password: str) -> User | None:
    """The active user whose password matches, else None (same answer for every failure).

    An unknown login still runs one password check, against a dummy hash, so the answer takes
    as long as for a wrong password and timing does not tell which emails have accounts.
    """
    user = find_by_login(login)
    matches = check_password_hash(user.password_hash if user is not None else _dummy_hash(), password)
    if user is None or not user.active or not matches:
        return None
    return user


def demo_accounts_present() -> bool:
    """Whether the database holds any demo-only account."""
    if not inspect(db.engine).has_table("users"):
        return False
    count = db.session.scalar(select(func.count()).select_from(User).where(User.email.in_(DEMO_EMAILS)))
    return bool(count)
