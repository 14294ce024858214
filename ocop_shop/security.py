"""Security headers on every response (pages, errors, static files, portal, admin): Flask-Talisman.

The Content-Security-Policy allows no inline script or style: scripts are files under
static/js (tests/test_security_headers.py fails on an inline <script> or a style attribute in
a page template). Card payments leave by a form whose answer redirects to Stripe's hosted
checkout, so form-action names it. HTTPS redirects and HSTS: the reverse proxy terminates TLS;
HSTS is sent on requests that arrived over HTTPS (ProxyFix gives the scheme).

The headers are Talisman's, written once per app: with these options they depend on nothing but
whether the request came over HTTPS (no nonce, no redirect, no per-view options), yet Talisman
parses the policy and reads the request five times per response (~30-40 µs). So Talisman answers
one plain and one HTTPS request of a reference app configured with TALISMAN_OPTIONS when the app
starts, and each response gets the headers of its kind (tests/test_security_headers.py holds
them equal to Talisman's own on this app). Per-view options (`@talisman(...)`) are not available.
"""
from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
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
TALISMAN_OPTIONS = dict(
    force_https=False,
    frame_options="DENY",
    content_security_policy=CSP,
    referrer_policy="strict-origin-when-cross-origin",
    strict_transport_security=True,
    strict_transport_security_include_subdomains=False,
)
HEADERS_KEY = "ocop_security_headers"  # app.extensions: {over HTTPS: [(name, value), …]}


class MarkupFreeJSON(DefaultJSONProvider):
    """JSON whose text holds no raw <, > or &: an echoed payload (a search box's query) cannot turn
    into markup if the answer is ever sniffed or inlined. JSON.parse reads the escapes unchanged."""

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, its signing serializer made once per set of keys.

    Flask makes a new serializer for every request's open and save (~10 µs each: itsdangerous
    checks the JSON serializer by dumping `{}` through it); it holds only the keys, the salt and
    the serializer, so one per (secret key, fallbacks) serves every request."""

    def __init__(self) -> None:
        self._serializers: dict = {}

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer


def talisman_headers(options: dict) -> dict[bool, list[tuple[str, str]]]:
    """The headers Talisman gives a plain and an HTTPS answer of a reference app with `options`."""
    reference = Flask(__name__)
    Talisman(reference, **options)
    reference.add_url_rule("/", "answer", lambda: "")
    client = reference.test_client()
    own = {"Content-Type", "Content-Length"}  # Flask's, not Talisman's
    return {secure: [(name, value) for name, value in client.get("/", base_url=base).headers.items()
                     if name not in own]
            for secure, base in ((False, "http://localhost"), (True, "https://localhost"))}


def _set_headers(response: Response) -> Response:
    """After every request: Talisman's headers for a plain or an HTTPS request (its HSTS rule)."""
    secure = request.is_secure or request.headers.get("X-Forwarded-Proto", "http") == "https"
    headers = response.headers
    for name, value in current_app.extensions[HEADERS_KEY][secure]:
        headers[name] = value
    return response


def init_app(app: Flask) -> None:
    """Send the headers on every response (JSON without raw markup); cookies keep the configuration's settings."""
    app.json = MarkupFreeJSON(app)
    app.session_interface = SessionInterface()
    app.config["SESSION_COOKIE_HTTPONLY"] = True  # what Talisman's session_cookie_http_only did
    app.extensions[HEADERS_KEY] = talisman_headers(TALISMAN_OPTIONS)
    app.after_request(_set_headers)
