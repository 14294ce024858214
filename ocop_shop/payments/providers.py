"""The payment-provider interface and the providers on offer.

A provider says whether it can be offered for an order summary and what happens when an
order is placed with it. A gateway that onboards Vietnamese merchants can be added beside
Stripe by writing one more class and listing it in PROVIDERS.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Mapping

from ..orders import labels, services as orders
from ..orders.models import Order
from ..orders.summary import Summary

# Stripe charges in VND (a zero-decimal currency) from about US$0.50 up to 99,999,999 minor units.
STRIPE_VND_MIN = 13_000
STRIPE_VND_MAX = 99_999_999


class PaymentProvider:
    """One way to pay. Subclasses set `code` and may override the two hooks."""

    code = ""
    prepaid = True  # paid before the parcels ship

    @property
    def label(self) -> str:
        return labels.payment_method(self.code)

    def available(self, summary: Summary, config: Mapping) -> bool:
        """Whether this way to pay may be offered for these goods."""
        return True

    def due_at(self, placed_at: datetime, config: Mapping) -> datetime | None:
        """The payment deadline of an order placed now (None: no deadline)."""
        return placed_at + timedelta(hours=int(config["PAYMENT_DEADLINE_HOURS"]))

    def on_placed(self, order: Order) -> None:
        """Called once the order exists (same transaction)."""


class CashOnDelivery(PaymentProvider):
    """Paid to the courier, parcel by parcel; the producer records the cash. Never for liquor."""

    code = "cod"
    prepaid = False

    def available(self, summary: Summary, config: Mapping) -> bool:
        return summary.cod_allowed

    def due_at(self, placed_at: datetime, config: Mapping) -> datetime | None:
        return None


class BankTransfer(PaymentProvider):
    """A transfer by VietQR with the order number as memo; the office confirms receipt."""

    code = "bank_transfer"

    def available(self, summary: Summary, config: Mapping) -> bool:
        """Offered only when the operator's account is configured."""
        return bool(config.get("BANK_ACCOUNT"))

    def on_placed(self, order: Order) -> None:
        orders.set_payment_status(order, "pending")


class StripeCheckout(PaymentProvider):
    """Card payment on Stripe's hosted page; paid only when a signed webhook says so."""

    code = "stripe"

    def available(self, summary: Summary, config: Mapping) -> bool:
        if not (config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET")):
            return False
        total = summary.total if summary.total is not None else summary.goods_total
        return STRIPE_VND_MIN <= total <= STRIPE_VND_MAX


PROVIDERS: dict[str, PaymentProvider] = {p.code: p for p in (CashOnDelivery(), BankTransfer(), StripeCheckout())}


def provider(code: str) -> PaymentProvider | None:
    return PROVIDERS.get(code)


def available_methods(summary: Summary, config: Mapping) -> list[PaymentProvider]:
    """The ways to pay that may be offered for this order, in display order."""
    return [p for p in PROVIDERS.values() if p.available(summary, config)]
