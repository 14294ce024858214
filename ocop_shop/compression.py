"""Compressed answers in the embedded default (Flask-Compress): brotli or gzip, by Accept-Encoding.

On unless `COMPRESSION=off` (set it behind a reverse proxy that compresses, deploy/ocop.env.example).
Text answers of 500 bytes or more (HTML, CSS, JavaScript, JSON, SVG, XML, plain text) are
compressed; pictures never are (WebP, PNG and JPEG are compressed already, and their types are
not in the list). Every answer says `Vary: Accept-Encoding`.

ETag and 304: a strong ETag becomes encoding-specific (`"abc"` → `"abc:gzip"`, a weak one stays
as it is: it promises only equivalent content), and the conditional check runs again on the
compressed answer, so a client revalidating its gzip copy gets its 304. The hook is put first
in the app's after-request list, and Flask runs that list backwards, so it runs after every
other hook (a page cache storing or answering with an ETag sees the uncompressed body).

BREACH: an answer that rendered a CSRF token (Flask-WTF's token is the same in every answer of a
session: signed, not masked) is not compressed, so no secret ever shares a compressed body with
text a visitor can make the page reflect (search terms, form values). Cached public pages carry
no token and are compressed.
"""
from __future__ import annotations

from flask import Flask, Response, current_app, g
from flask_compress import Compress

EXTENSION_KEY = "ocop_compress"
MIMETYPES = [
    "text/html", "text/css", "text/plain", "text/xml", "text/javascript", "application/javascript",
    "application/json", "application/manifest+json", "application/xml", "application/rss+xml",
    "image/svg+xml",
]


def _csrf_token_rendered() -> bool:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g


def compress_response(response: Response) -> Response:
    """The after-request hook: compress unless the answer holds a CSRF token."""
    if _csrf_token_rendered():
        response.vary.add("Accept-Encoding")  # the same URL may be compressed for another session
        return response
    return current_app.extensions[EXTENSION_KEY].after_request(response)


def init_app(app: Flask) -> None:
    if str(app.config.get("COMPRESSION", "on")).lower() in {"off", "0", "false", "no"}:
        return
    app.config.update(
        COMPRESS_REGISTER=False,  # registered below, to run last
        COMPRESS_MIMETYPES=MIMETYPES,
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_ALGORITHM_STREAMING=["br", "gzip"],
        COMPRESS_MIN_SIZE=500,
        COMPRESS_LEVEL=6,
        COMPRESS_BR_LEVEL=4,
    )
    compress = Compress()
    compress.init_app(app)
    app.extensions[EXTENSION_KEY] = compress
    app.after_request_funcs.setdefault(None, []).insert(0, compress_response)
