"""Security headers on every kind of response, and page templates that a strict CSP allows."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ocop_shop.extensions import db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _assert_headers(response, what: str) -> None:
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, what
    assert "unsafe-inline" not in csp, what
    assert "frame-ancestors 'none'" in csp, what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin", what
    assert headers.get("X-Frame-Options") == "DENY", what


def test_storefront_pages_errors_and_static_files_carry_the_headers(client, factories):
    product = factories.product(name="Hạt dẻ Trùng Khánh")
    db.session.commit()
    for url in ("/vi/", f"/vi/products/{product.slug}", "/vi/cart", "/vi/checkout", "/vi/no-such-page",
                "/static/css/site.css", "/robots.txt"):
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url
        _assert_headers(response, url)


@pytest.mark.parametrize("role, url", [("producer", "/vi/producer/"), ("admin", "/vi/admin/payments/transfers")])
def test_portal_and_back_office_carry_the_headers(client, factories, login_as, role, url):
    if role == "producer":
        producer = factories.producer()
        user = factories.user(role="producer")
        user.producer_id = producer.id
        login_as(user)
    else:
        login_as("admin")
    response = client.get(url)
    assert response.status_code == 200, url
    _assert_headers(response, url)


def test_hsts_is_sent_over_https_only(client):
    assert "Strict-Transport-Security" not in client.get("/vi/").headers
    secure = client.get("/vi/", base_url="https://localhost")
    assert "max-age=" in secure.headers.get("Strict-Transport-Security", "")


def test_page_templates_hold_no_inline_script_or_style():
    """The CSP allows neither: scripts live in static/js, styles in static/css (emails are not pages)."""
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "emails" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        # a JSON-LD data block is never executed (the CSP's script-src does not apply to it)
        for match in re.finditer(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=\"",
                                 text):
            offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)}")
    assert not offenders, offenders
