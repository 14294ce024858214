"""The Stripe webhook: POST /webhooks/stripe (CSRF-exempt, signature checked by the library)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, request

from ..actors import acting_as
from ..extensions import csrf, db
from . import stripe_flow
from . import stripe_gateway as gateway

bp = Blueprint("payments", __name__)


@bp.post("/webhooks/stripe")
@csrf.exempt
def stripe_webhook():
    config = current_app.config
    if not config.get("STRIPE_WEBHOOK_SECRET"):
        abort(404)
    try:
        event = gateway.verified_event(config, request.get_data(), request.headers.get("Stripe-Signature"))
    except gateway.BadSignature:
        return {"error": "invalid signature"}, 400
    if not isinstance(event, dict):
        return {"error": "invalid event"}, 400
    try:
        with acting_as(label="stripe"):  # the order timeline says Stripe did it, not an anonymous visitor
            outcome = stripe_flow.handle_event(event)
    except stripe_flow.DuplicateEvent:  # another delivery of the same event holds it
        db.session.rollback()
        return {"received": True, "outcome": "duplicate"}
    if outcome == "malformed":
        db.session.rollback()
        return {"error": "invalid event"}, 400
    db.session.commit()
    return {"received": True, "outcome": outcome}
