"""Hostile input: what a careless or malicious visitor types into forms and query strings.

`PAYLOADS` holds (name, value) pairs; `MARKUP` the ones that must never come back unescaped in a
page (each carries a distinctive marker, so an echo is recognisable whatever else the page holds).
Used by tests/test_hostile_inputs.py.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

SCRIPT = "<script>alert('ocop-xss-1')</script>"
ATTRIBUTE = "\"><img src=x onerror=alert('ocop-xss-2')>"
TEXTAREA = "</textarea><svg onload=alert('ocop-xss-3')>"
SINGLE_QUOTE = "' autofocus onfocus=alert('ocop-xss-4') x='"
STYLE = "</title><style>body{display:none}</style><b>ocop-xss-5</b>"

MARKUP = (SCRIPT, ATTRIBUTE, TEXTAREA, SINGLE_QUOTE, STYLE)
# Strings that must never appear in a response body (SINGLE_QUOTE is harmless inside double quotes,
# so only its quote-breaking start with an attribute is looked for).
FORBIDDEN = ("<script>alert('ocop-xss-1')", "<img src=x onerror=alert('ocop-xss-2')",
             "<svg onload=alert('ocop-xss-3')", "' autofocus onfocus=alert('ocop-xss-4')",
             "<style>body{display:none}</style><b>ocop-xss-5")

PAYLOADS: tuple[tuple[str, str], ...] = (
    ("empty", ""),
    ("spaces", "   \t  "),
    ("huge", "Miến dong Cao Bằng " * 5_400),  # ~100 KB
    ("long-word", "x" * 5_000),
    ("minus-one", "-1"),
    ("zero", "0"),
    ("enormous", str(10**30)),
    ("float-overflow", "1e309"),
    ("nan", "NaN"),
    ("infinity", "-Infinity"),
    ("decimal-comma", "1.000,50"),
    ("not-a-number", "mười hai"),
    ("date-like", "2026-02-30"),
    ("nfd-vietnamese", unicodedata.normalize("NFD", "Hạt dẻ Trùng Khánh, Mắc mật Lộc Bình")),
    ("emoji", "🌾🍯🍶 Trà 🇻🇳 👩🏽‍🌾"),
    ("rtl-override", "\u202egnp.exe\u202c Miến"),
    ("zero-width", "Mi\u200bến\ufeff dong"),
    ("nul", "Miến\x00dong"),
    ("control", "a\x01\x07\x08\x1b[31mb\r\nc"),
    ("mojibake", "Miáº¿n dong Cao Báº±ng"),
    ("script", SCRIPT),
    ("attribute", ATTRIBUTE),
    ("textarea", TEXTAREA),
    ("single-quote", SINGLE_QUOTE),
    ("style", STYLE),
    ("javascript-url", "javascript:alert(document.cookie)"),
    ("sql-quote", "' OR '1'='1' --"),
    ("sql-union", "1 UNION SELECT email, password_hash FROM users--"),
    ("sql-drop", "x'); DROP TABLE products; --"),
    ("like-wildcards", "%_%\\"),
    ("path-traversal", "../../../../etc/passwd"),
    ("encoded-traversal", "..%2f..%2fetc%2fpasswd"),
    ("open-redirect", "//evil.example/phish"),
    ("absolute-url", "https://evil.example/"),
    ("template", "{{ config }}{% raw %}${7*7}"),
    ("csv-formula", "=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("email-ish", "a@b@c..example"),
    ("phone-ish", "+84 (0) 912-345-678 ext. 9"),
)

# Sent as they are, not percent-encoded: broken escapes and bytes that are not UTF-8.
RAW: tuple[tuple[str, str], ...] = (
    ("bad-percent", "%E0%A4%A"),
    ("invalid-utf8", "%FF%FE%C0%AF"),
    ("percent-nul", "a%00b"),
)

# The short list, for parameters found only on the pages' links (sort orders, filters of lists).
SHORT = tuple((label, value) for label, value in PAYLOADS if label in {
    "empty", "huge", "minus-one", "enormous", "float-overflow", "nan", "nfd-vietnamese", "emoji", "nul",
    "script", "attribute", "sql-quote", "path-traversal", "open-redirect"})
# Variable parts of a URL path (already percent-encoded where they need to be).
PATH_PARTS: tuple[tuple[str, str], ...] = (
    ("zero", "0"),
    ("enormous", str(10**30)),
    ("beyond-64-bit", str(2**63)),
    ("float-overflow", "1e309"),
    ("script", quote(SCRIPT, safe="")),
    ("traversal", "..%2F..%2Fetc%2Fpasswd"),
    ("bad-percent", "%E0%A4%A"),
    ("nul", "a%00b"),
    ("emoji", quote("🌾🍯", safe="")),
    ("long", "x" * 2_000),
)


def forbidden_in(body: str, html: bool = True) -> list[str]:
    """The unescaped markup payloads found in a response body (outside HTML only those holding a tag:
    a quote breaks out of nothing in JSON, CSV or plain text)."""
    return [marker for marker in FORBIDDEN if marker in body and (html or "<" in marker)]
