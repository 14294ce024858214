"""Security headers on every response (pages, errors, static files, portal, admin): Flask-Talisman.

The Content-Security-Policy allows no inline script or style: scripts are files under
static/js (tests/test_security_headers.py fails on an inline <script> or a style attribute in
a page template). Card payments leave by a form whose answer redirects to Stripe's hosted
checkout, so form-action names it. HTTPS redirects and HSTS: the reverse proxy terminates TLS;
HSTS is sent on requests that arrived over HTTPS (ProxyFix gives the scheme).
"""
from __future__ import annotations

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self' https://checkout.stripe.com",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

talisman = Talisman()


class MarkupFreeJSON(DefaultJSONProvider):
    """JSON whose text holds no raw <, > or &: an echoed payload (a search box's query) cannot turn
    into markup if the answer is ever sniffed or inlined. JSON.parse reads the escapes unchanged."""

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def init_app(app: Flask) -> None:
    """Send the headers on every response (JSON without raw markup); cookies keep the configuration's settings."""
    app.json = MarkupFreeJSON(app)
    talisman.init_app(
        app,
        force_https=False,
        frame_options="DENY",
        content_security_policy=CSP,
        referrer_policy="strict-origin-when-cross-origin",
        strict_transport_security=True,
        strict_transport_security_include_subdomains=False,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
