"""Read helpers for the office's refund pages: what is owed, what waits for Stripe, what was paid back."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..accounts.models import User
from ..extensions import db
from ..orders.models import Order
from . import refunds
from .models import Refund, RefundRequest


@dataclass(frozen=True)
class Money:
    """An order's money in and out, for the refund page."""

    received: int
    refunded: int
    pending: int
    refundable: int


def money(order: Order) -> Money:
    pending = refunds.sum_refunds(Refund.order_id == order.id, Refund.status == "pending")
    return Money(refunds.received(order.id), refunds.refunded(order.id), pending, refunds.refundable(order.id))


def open_requests(limit: int = 200) -> list:
    """(request, order, amount pending at Stripe for it) for every refund still owed, oldest first."""
    pending = (select(Refund.request_id, func.sum(Refund.amount).label("amount"))
               .where(Refund.status == "pending", Refund.request_id.is_not(None))
               .group_by(Refund.request_id).subquery())
    return db.session.execute(
        select(RefundRequest, Order, func.coalesce(pending.c.amount, 0))
        .join(Order, Order.id == RefundRequest.order_id)
        .outerjoin(pending, pending.c.request_id == RefundRequest.id)
        .where(RefundRequest.status == "requested").order_by(RefundRequest.id).limit(limit)).all()


def request_for(order: Order, request_id: int | None) -> RefundRequest | None:
    if request_id is None:
        return None
    return db.session.scalar(select(RefundRequest).where(RefundRequest.id == request_id,
                                                         RefundRequest.order_id == order.id))


def recent(limit: int = 50, status: str | None = None, order_id: int | None = None) -> list:
    """(refund, order number, email of who asked) newest first: all, one status, or one order's."""
    query = (select(Refund, Order.number, User.email).join(Order, Order.id == Refund.order_id)
             .outerjoin(User, User.id == Refund.requested_by_id))
    if status:
        query = query.where(Refund.status == status)
    if order_id is not None:
        query = query.where(Refund.order_id == order_id)
    return db.session.execute(query.order_by(Refund.id.desc()).limit(limit)).all()
