"""Read helpers for pages that show an order's money (the office's order page)."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import Payment, RefundRequest


def payments_of(order_id: int) -> list[Payment]:
    """Every payment row of an order (sessions, transfers), oldest first."""
    return list(db.session.scalars(select(Payment).where(Payment.order_id == order_id).order_by(Payment.id)))


def refund_requests_of(order_id: int) -> list[RefundRequest]:
    """Money the shop owes back on an order, oldest first."""
    return list(db.session.scalars(
        select(RefundRequest).where(RefundRequest.order_id == order_id).order_by(RefundRequest.id)))
