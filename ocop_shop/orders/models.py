"""Orders, their line snapshots and one parcel (fulfilment) per producer."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..types import Money, UTCDateTime, utcnow
from .states import FULFILMENT_STATES, ORDER_STATES, PAYMENT_STATES

PAYMENT_METHODS = ("cod", "bank_transfer", "stripe")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Order(db.Model):
    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(_in("status", ORDER_STATES), name="status"),
        CheckConstraint(_in("payment_status", PAYMENT_STATES), name="payment_status"),
        CheckConstraint(_in("payment_method", PAYMENT_METHODS), name="payment_method"),
        CheckConstraint("subtotal >= 0 AND discount >= 0 AND shipping >= 0 AND total >= 0", name="amounts_nonneg"),
        CheckConstraint("total = subtotal - discount + shipping", name="total_adds_up"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(10), unique=True)
    access_token: Mapped[str] = mapped_column(String(64))
    checkout_token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    contact_name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    province_code: Mapped[int]
    province_name: Mapped[str] = mapped_column(String(80))
    ward_code: Mapped[int]
    ward_name: Mapped[str] = mapped_column(String(120))
    street: Mapped[str] = mapped_column(String(255))
    note: Mapped[str] = mapped_column(Text, default="")
    payment_method: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="placed", index=True)
    payment_status: Mapped[str] = mapped_column(String(20), default="unpaid", index=True)
    subtotal: Mapped[int] = mapped_column(Money)
    discount: Mapped[int] = mapped_column(Money, default=0)
    shipping: Mapped[int] = mapped_column(Money, default=0)
    total: Mapped[int] = mapped_column(Money)
    # The buyer's 18+ declaration, recorded when the order holds liquor (Law 44/2019).
    age_declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payment_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    flagged: Mapped[bool] = mapped_column(default=False, index=True)
    flag_note: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(String(40))  # customer, office, payment_expired, declined, not_accepted
    cancel_note: Mapped[str | None] = mapped_column(Text)  # the office's reason, in its own words
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="order", order_by="OrderLine.id", lazy="raise", cascade="all, delete-orphan"
    )
    fulfilments: Mapped[list["Fulfilment"]] = relationship(
        back_populates="order", order_by="Fulfilment.id", lazy="raise", cascade="all, delete-orphan"
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    def __repr__(self) -> str:
        return f"<Order {self.number} {self.status}/{self.payment_status}>"


class Fulfilment(db.Model):
    """One producer's parcel of an order, with its own state and shipping fee."""

    __tablename__ = "fulfilments"
    __table_args__ = (
        UniqueConstraint("order_id", "producer_id", name="uq_fulfilments_order_producer"),
        CheckConstraint(_in("status", FULFILMENT_STATES), name="status"),
        CheckConstraint("goods_total >= 0 AND shipping_fee >= 0", name="amounts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    producer_name: Mapped[str] = mapped_column(String(160))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    weight_grams: Mapped[int] = mapped_column(default=0)
    goods_total: Mapped[int] = mapped_column(Money)
    shipping_fee: Mapped[int] = mapped_column(Money, default=0)
    carrier: Mapped[str | None] = mapped_column(String(80))
    tracking_number: Mapped[str | None] = mapped_column(String(80))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why this parcel alone was cancelled (orders/parcels.py): declined by the producer, or not accepted in time.
    cancel_reason: Mapped[str | None] = mapped_column(String(40))
    cancel_note: Mapped[str | None] = mapped_column(Text)  # the producer's reason, shown to the buyer
    cash_collected: Mapped[int | None] = mapped_column(Money)
    cash_collected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cash_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    order: Mapped[Order] = relationship(back_populates="fulfilments", lazy="raise")
    lines: Mapped[list["OrderLine"]] = relationship(
        back_populates="fulfilment", order_by="OrderLine.id", lazy="raise"
    )

    @property
    def amount_due(self) -> int:
        """What the parcel costs the buyer: its goods plus its shipping."""
        return self.goods_total + self.shipping_fee


class OrderLine(db.Model):
    """A snapshot of what was bought, at what price, from whom (settlement needs it)."""

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price = base_unit_price - unit_discount", name="price_adds_up"),
        CheckConstraint("unit_discount >= 0 AND unit_price >= 0", name="amounts_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    fulfilment_id: Mapped[int] = mapped_column(ForeignKey("fulfilments.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id"), index=True)
    product_name: Mapped[str] = mapped_column(String(200))
    producer_name: Mapped[str] = mapped_column(String(160))
    unit: Mapped[str] = mapped_column(String(40), default="")
    base_unit_price: Mapped[int] = mapped_column(Money)
    unit_discount: Mapped[int] = mapped_column(Money, default=0)
    campaign_id: Mapped[int | None]  # the promotion that gave the discount, if any
    funded_by: Mapped[str | None] = mapped_column(String(20))  # who pays the discount
    unit_price: Mapped[int] = mapped_column(Money)
    quantity: Mapped[int]
    weight_grams: Mapped[int] = mapped_column(default=0)  # per unit
    is_alcoholic: Mapped[bool] = mapped_column(default=False)

    order: Mapped[Order] = relationship(back_populates="lines", lazy="raise")
    fulfilment: Mapped[Fulfilment] = relationship(back_populates="lines", lazy="raise")

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity
