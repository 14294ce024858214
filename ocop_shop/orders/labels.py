"""Words shown to people for order, payment and parcel states and payment methods."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ORDER_STATUS = {
    "placed": _l("Placed"),
    "in_progress": _l("Being prepared"),
    "shipped": _l("Shipped"),
    "delivered": _l("Delivered"),
    "closed": _l("Completed"),
    "cancelled": _l("Cancelled"),
}
PAYMENT_STATUS = {
    "unpaid": _l("Not paid yet"),
    "pending": _l("Waiting for payment"),
    "paid": _l("Paid"),
    "partially_refunded": _l("Partly refunded"),
    "refunded": _l("Refunded"),
    "expired": _l("Payment time ran out"),
}
FULFILMENT_STATUS = {
    "pending": _l("Waiting for the producer"),
    "accepted": _l("Being prepared"),
    "shipped": _l("Shipped"),
    "delivered": _l("Delivered"),
    "cancelled": _l("Cancelled"),
}
PAYMENT_METHOD = {
    "cod": _l("Cash on delivery"),
    "bank_transfer": _l("Bank transfer (VietQR)"),
    "stripe": _l("Card (Stripe)"),
}
# A payment row (one Stripe session, one transfer) and money owed or paid back.
PAYMENT_ROW_STATUS = {"open": _l("open"), "succeeded": _l("received"), "failed": _l("failed"),
                      "expired": _l("expired"), "flagged": _l("amount does not match")}
REFUND_REASONS = {"cancelled": _l("order cancelled"), "late_payment": _l("paid after the deadline, goods sold out"),
                  "overpaid": _l("paid twice")}
REFUND_STATUS = {"requested": _l("to pay back"), "pending": _l("sent to Stripe, waiting"),
                 "succeeded": _l("paid back"), "refunded": _l("paid back"), "failed": _l("failed")}
CANCEL_REASON = {"customer": _l("Cancelled by the buyer"), "office": _l("Cancelled by the office for the buyer"),
                 "payment_expired": _l("Payment time ran out"),
                 "declined": _l("Declined by the producer"),
                 "not_accepted": _l("Not confirmed by the producer in time")}


def order_status(code: str) -> str:
    return str(ORDER_STATUS.get(code, code))


def payment_status(code: str) -> str:
    return str(PAYMENT_STATUS.get(code, code))


def fulfilment_status(code: str) -> str:
    return str(FULFILMENT_STATUS.get(code, code))


def payment_method(code: str) -> str:
    return str(PAYMENT_METHOD.get(code, code))


def cancel_reason(code: str | None) -> str:
    return str(CANCEL_REASON.get(code, code or ""))
