"""Read helpers for order pages and emails (eager loading lives here)."""
from __future__ import annotations

import hmac
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..types import utcnow
from .models import Fulfilment, Order

GUEST_LINK_DAYS = 365  # a guest's secret link stops working a year after the order


def with_details(query):
    return query.options(selectinload(Order.lines), selectinload(Order.fulfilments).selectinload(Fulfilment.lines))


def by_number(number: str) -> Order | None:
    number = (number or "").strip().upper()
    if not number or len(number) > 10:
        return None
    return db.session.scalar(with_details(select(Order).where(Order.number == number)))


def by_checkout_token(token: str | None) -> Order | None:
    if not token:
        return None
    return db.session.scalar(select(Order).where(Order.checkout_token == token))


def token_matches(order: Order, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(order.access_token.encode(), str(token).encode())


def link_expired(order: Order) -> bool:
    return utcnow() - order.placed_at > timedelta(days=GUEST_LINK_DAYS)


def for_user(user_id: int, limit: int = 50) -> list[Order]:
    """A customer's orders, newest first."""
    return list(db.session.scalars(
        select(Order).where(Order.user_id == user_id).order_by(Order.placed_at.desc(), Order.id.desc()).limit(limit)
    ))


def guest_path(order: Order, lang: str | None = None) -> str:
    """The order page with its secret token (DESIGN §5: /<lang>/orders/<number>?t=<token>)."""
    return f"/{lang or order.locale}/orders/{order.number}?t={order.access_token}"


def guest_link(order: Order) -> str:
    """The absolute secret link used in emails."""
    return current_app.config["SITE_URL"] + guest_path(order)


def masked_phone(phone: str) -> str:
    """Only the last three digits of a phone number: '••• ••• 678'."""
    digits = "".join(c for c in phone or "" if c.isdigit())
    return f"••• ••• {digits[-3:]}" if len(digits) >= 3 else "•••"
