"""Talisman's headers written once per app (ocop_shop/security.py) equal what Talisman writes
itself, on every kind of answer; the session's signing serializer is made once per key."""
from __future__ import annotations

import pytest
from flask import Flask
from flask_talisman import Talisman

from ocop_shop import security


def _talisman_answer(base_url: str, headers: dict):
    """What Flask-Talisman, attached to an app the usual way, sends for this kind of request."""
    reference = Flask("talisman_reference")
    Talisman(reference, **security.TALISMAN_OPTIONS)
    reference.add_url_rule("/", "answer", lambda: "")
    return reference.test_client().get("/", base_url=base_url, headers=headers)


KINDS = [
    ("http://localhost", {}),
    ("https://localhost", {}),
    ("http://localhost", {"X-Forwarded-Proto": "https"}),
    ("http://localhost", {"X-Forwarded-Proto": "http"}),
]


@pytest.mark.parametrize("base_url, headers", KINDS)
def test_every_answer_carries_talismans_headers_in_its_order(client, base_url, headers):
    expected = [(name, value) for name, value in _talisman_answer(base_url, headers).headers.items()
                if name not in ("Content-Type", "Content-Length")]
    names = {name for name, _ in expected}
    assert ("Strict-Transport-Security" in names) == (base_url.startswith("https") or headers.get("X-Forwarded-Proto") == "https")
    for url in ("/vi/", "/vi/cart", "/vi/no-such-page", "/static/css/site.css", "/robots.txt"):
        answer = client.get(url, base_url=base_url, headers=headers)
        assert [(name, value) for name, value in answer.headers.items() if name in names] == expected, url


def test_the_session_serializer_is_made_once_per_key(app):
    interface = app.session_interface
    assert isinstance(interface, security.SessionInterface)
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    signed = first.dumps({"a": 1})
    app.secret_key = "another-test-secret"
    other = interface.get_signing_serializer(app)
    assert other is not first
    assert other.dumps({"a": 1}) != signed


def test_a_session_survives_the_round_trip(app, client):
    serializer = app.session_interface.get_signing_serializer(app)

    def session_of(answer) -> dict:
        cookie = answer.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
        return serializer.loads(cookie)

    first = session_of(client.get("/vi/cart"))  # the cart's forms put a CSRF secret in the session
    assert first["csrf_token"]
    assert session_of(client.get("/vi/cart"))["csrf_token"] == first["csrf_token"]  # read back, kept
