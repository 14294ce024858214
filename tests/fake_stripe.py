"""A fake Stripe HTTP server on loopback: Checkout sessions and refunds, with Stripe's idempotency rules.

Same Idempotency-Key → the same object back and nothing done twice (a different request under a
used key is refused, as Stripe does). Refunds are checked against the charge's amount left.
Tests register a paid card payment with `FakeStripe.charges[payment_intent] = amount`.
"""
from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

from ocop_shop.extensions import db
from ocop_shop.payments.stripe_gateway import sign

SECRET = "whsec_test_local"


class FakeStripe(BaseHTTPRequestHandler):
    """Just enough of api.stripe.com for Checkout sessions and refunds; remembers what the library sent."""

    requests: list = []
    sessions: dict = {}
    by_key: dict = {}
    charges: dict = {}  # payment_intent → {"amount", "amount_refunded"}
    refunds: dict = {}
    down = False  # answer 503 without acting (Stripe unreachable)
    lose_answer = False  # act, then answer 503 (a timeout after Stripe did it)
    port = 0

    @classmethod
    def reset(cls) -> None:
        cls.requests, cls.sessions, cls.by_key, cls.charges, cls.refunds, cls.down, cls.lose_answer = [], {}, {}, {}, {}, False, False

    def log_message(self, *args):
        pass

    def _answer(self, body: dict, status: int = 200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, message: str, kind: str = "invalid_request_error"):
        return self._answer({"error": {"type": kind, "message": message}}, status)

    def do_POST(self):
        form = dict(parse_qsl(self.rfile.read(int(self.headers["Content-Length"] or 0)).decode()))
        key = self.headers.get("Idempotency-Key")
        self.requests.append({"path": self.path, "form": form, "idempotency_key": key,
                              "auth": self.headers.get("Authorization")})
        if self.down:
            return self._error(503, "Stripe is unavailable", "api_error")
        if self.path == "/v1/checkout/sessions":
            if key not in self.by_key:
                session_id = f"cs_test_{len(self.sessions) + 1}"
                amount = sum(int(form[f"line_items[{i}][price_data][unit_amount]"]) * int(form[f"line_items[{i}][quantity]"])
                             for i in range(20) if f"line_items[{i}][quantity]" in form)
                self.sessions[session_id] = {"id": session_id, "object": "checkout.session", "status": "open",
                                             "payment_status": "unpaid", "amount_total": amount, "currency": "vnd",
                                             "url": f"https://checkout.stripe.test/{session_id}", "payment_intent": None,
                                             "metadata": {"order_id": form.get("metadata[order_id]")}}
                self.by_key[key] = session_id
            return self._answer(self.sessions[self.by_key[key]])
        if self.path == "/v1/refunds":
            return self._refund(form, key)
        if self.path.endswith("/expire"):
            session = self.sessions[self.path.split("/")[4]]
            session["status"] = "expired"
            return self._answer(session)
        return self._error(404, "unknown")

    def _refund(self, form: dict, key: str | None):
        if key in self.by_key:
            refund = self.refunds[self.by_key[key]]
            if (str(refund["amount"]), refund["payment_intent"]) != (form.get("amount"), form.get("payment_intent")):
                return self._error(400, "Keys for idempotent requests can only be used with the same parameters "
                                        "they were first used with.", "idempotency_error")
            return self._answer(refund)
        charge = self.charges.get(form.get("payment_intent"))
        if charge is None:
            return self._error(404, f"No such payment_intent: '{form.get('payment_intent')}'")
        amount = int(form.get("amount") or charge["amount"] - charge["amount_refunded"])
        if amount > charge["amount"] - charge["amount_refunded"]:
            return self._error(400, f"Refund amount ({amount}) is greater than unrefunded amount on charge "
                                    f"({charge['amount'] - charge['amount_refunded']})")
        charge["amount_refunded"] += amount
        refund_id = f"re_test_{len(self.refunds) + 1}"
        self.refunds[refund_id] = {
            "id": refund_id, "object": "refund", "amount": amount, "currency": "vnd", "status": "succeeded",
            "payment_intent": form.get("payment_intent"), "charge": f"ch_{form.get('payment_intent')}",
            "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")}}
        if key:
            self.by_key[key] = refund_id
        if self.lose_answer:
            return self._error(503, "The answer was lost on the way", "api_error")
        return self._answer(self.refunds[refund_id])

    def do_GET(self):
        session = self.sessions.get(self.path.split("/")[-1])
        return self._answer(session) if session else self._error(404, "no such session")


def event(kind: str, obj: dict, event_id: str | None = None) -> dict:
    """A Stripe event around an object (its id makes the event id unless one is given)."""
    return {"id": event_id or f"evt_{kind}_{obj.get('id')}", "type": kind, "data": {"object": obj},
            "created": int(time.time())}


def post_event(client, body: dict, secret: str = SECRET, timestamp: int | None = None):
    """POST a webhook signed the way Stripe signs it."""
    payload = json.dumps(body)
    return client.post("/webhooks/stripe", data=payload, content_type="application/json",
                       headers={"Stripe-Signature": sign(payload, secret, timestamp)})


@contextmanager
def running():
    """Serve the fake on a free loopback port while the block runs."""
    FakeStripe.reset()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeStripe)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeStripe.port = server.server_port
    try:
        yield FakeStripe
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def configure(app, fake) -> None:
    """Point the app's Stripe settings at the fake."""
    app.config.update(STRIPE_SECRET_KEY="sk_test_local", STRIPE_WEBHOOK_SECRET=SECRET,
                      STRIPE_API_BASE=f"http://127.0.0.1:{fake.port}")


@pytest.fixture
def stripe_server():
    with running() as fake:
        yield fake


@pytest.fixture
def stripe_app(app, stripe_server, factories):
    configure(app, stripe_server)
    factories.shipping_rules()
    db.session.commit()
    return app
