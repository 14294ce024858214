"""The only module that imports `stripe`: Checkout sessions, refunds and webhook signatures.

STRIPE_API_BASE (a fake Stripe server on loopback) is honoured only when testing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping

import stripe

CURRENCY = "vnd"  # zero-decimal: amounts are whole đồng


class GatewayError(RuntimeError):
    """Stripe could not be reached or refused the request."""

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        # Unreachable, rate-limited or a Stripe-side fault: the same request may be sent again.
        self.retryable = retryable


# Errors after which Stripe may or may not have acted: ask again with the same idempotency key.
_RETRYABLE = (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError, stripe.IdempotencyError)


class BadSignature(ValueError):
    """A webhook whose signature is missing, wrong or too old."""


@dataclass(frozen=True)
class RefundInfo:
    id: str
    status: str
    amount: int
    payment_intent: str | None


@dataclass(frozen=True)
class SessionInfo:
    id: str
    url: str | None
    status: str | None
    payment_status: str | None
    amount_total: int | None
    payment_intent: str | None


def _client(config: Mapping) -> stripe.StripeClient:
    base = {}
    if config.get("TESTING") and config.get("STRIPE_API_BASE"):
        base = {"api": config["STRIPE_API_BASE"]}
    return stripe.StripeClient(config["STRIPE_SECRET_KEY"], base_addresses=base, max_network_retries=0)


def _info(resource) -> SessionInfo:
    session = resource.to_dict() if hasattr(resource, "to_dict") else dict(resource)
    intent = session.get("payment_intent")
    return SessionInfo(id=session["id"], url=session.get("url"), status=session.get("status"),
                       payment_status=session.get("payment_status"), amount_total=session.get("amount_total"),
                       payment_intent=intent if isinstance(intent, str) or intent is None else intent.get("id"))


def create_session(config: Mapping, *, line_items: list[dict], order_number: str, order_id: int, email: str,
                   locale: str, success_url: str, cancel_url: str, expires_at: datetime,
                   idempotency_key: str) -> SessionInfo:
    """A Checkout session for the given lines ({name, unit_amount, quantity}), in VND."""
    params = {
        "mode": "payment",
        "line_items": [{"quantity": item["quantity"], "price_data": {
            "currency": CURRENCY, "unit_amount": item["unit_amount"],
            "product_data": {"name": item["name"]}}} for item in line_items],
        "client_reference_id": order_number,
        "metadata": {"order_number": order_number, "order_id": str(order_id)},
        "customer_email": email,
        "locale": "vi" if locale == "vi" else "en",
        "success_url": success_url,
        "cancel_url": cancel_url,
        "expires_at": int(expires_at.timestamp()),
    }
    try:
        session = _client(config).v1.checkout.sessions.create(params, {"idempotency_key": idempotency_key})
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error
    return _info(session)


def retrieve_session(config: Mapping, session_id: str) -> SessionInfo:
    try:
        return _info(_client(config).v1.checkout.sessions.retrieve(session_id))
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error


def expire_session(config: Mapping, session_id: str) -> SessionInfo:
    """Close an open session so it can no longer be paid."""
    try:
        return _info(_client(config).v1.checkout.sessions.expire(session_id))
    except stripe.StripeError as error:
        raise GatewayError(str(error)) from error


def create_refund(config: Mapping, *, payment_intent: str, amount: int, idempotency_key: str,
                  metadata: dict[str, str]) -> RefundInfo:
    """Refund (part of) a card payment; the same idempotency key always answers with the same refund."""
    params = {"payment_intent": payment_intent, "amount": amount, "metadata": metadata}
    try:
        refund = _client(config).v1.refunds.create(params, {"idempotency_key": idempotency_key})
    except _RETRYABLE as error:
        raise GatewayError(str(error), retryable=True) from error
    except stripe.StripeError as error:
        raise GatewayError(getattr(error, "user_message", None) or str(error)) from error
    data = refund.to_dict() if hasattr(refund, "to_dict") else dict(refund)
    intent = data.get("payment_intent")
    return RefundInfo(id=data["id"], status=data.get("status") or "pending", amount=int(data.get("amount") or 0),
                      payment_intent=intent if isinstance(intent, str) else None)


def verified_event(config: Mapping, payload: bytes, signature: str | None) -> dict:
    """The event, once its Stripe-Signature header is checked by the library (else BadSignature)."""
    try:
        stripe.Webhook.construct_event(payload, signature, config["STRIPE_WEBHOOK_SECRET"])
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise BadSignature(str(error)) from error
    return json.loads(payload)


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """A Stripe-Signature header for a payload, the way Stripe signs (tests and local tools)."""
    return stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp)
