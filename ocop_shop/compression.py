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

Static files and page-cache pages (their strong ETag is their content hash) are compressed once
per process and encoding, then served from a small in-process memo (least recently used out);
other answers are compressed each time.

BREACH: an answer that rendered a CSRF token (Flask-WTF's token is the same in every answer of a
session: signed, not masked) is not compressed, so no secret ever shares a compressed body with
text a visitor can make the page reflect (search terms, form values). Cached public pages carry
no token and are compressed.
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask import Flask, Response, current_app, g, request
from flask_compress import Compress

EXTENSION_KEY = "ocop_compress"
MIMETYPES = [
    "text/html", "text/css", "text/plain", "text/xml", "text/javascript", "application/javascript",
    "application/json", "application/manifest+json", "application/xml", "application/rss+xml",
    "image/svg+xml",
]


MEMO_ENTRIES = 256


class Memo:
    """Compressed bodies by (encoding, strong ETag), in this process only: an ETag here is the
    body's content hash, so an entry can never be wrong, only missing. Least recently used out."""

    def __init__(self) -> None:
        self.data: OrderedDict[str, bytes] = OrderedDict()
        self.lock = Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            found = self.data.get(key)
            if found is not None:
                self.data.move_to_end(key)
            return found

    def set(self, key: str, value: bytes) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > MEMO_ENTRIES:
                self.data.popitem(last=False)


def _memo_key(_request) -> str:
    return g._compress_memo_key


def _content_hash_etag(response: Response) -> str | None:
    """The strong ETag of an answer whose ETag is its content hash (a static file, a page-cache page)."""
    etag, weak = response.get_etag()
    if not etag or weak or response.status_code != 200:
        return None
    return etag if request.endpoint == "static" or response.headers.get("X-Cache") in ("hit", "miss") else None


def _csrf_token_rendered() -> bool:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g


def compress_response(response: Response) -> Response:
    """The after-request hook: compress unless the answer holds a CSRF token (memoized by content hash)."""
    if _csrf_token_rendered():
        response.vary.add("Accept-Encoding")  # the same URL may be compressed for another session
        return response
    plain, memoized = current_app.extensions[EXTENSION_KEY]
    etag = _content_hash_etag(response)
    if etag is None:
        return plain.after_request(response)
    g._compress_memo_key = etag
    return memoized.after_request(response)


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
    plain = Compress()
    plain.init_app(app)
    app.config.update(COMPRESS_CACHE_BACKEND=Memo, COMPRESS_CACHE_KEY=_memo_key)
    memoized = Compress()
    memoized.init_app(app)
    app.extensions[EXTENSION_KEY] = (plain, memoized)
    app.after_request_funcs.setdefault(None, []).insert(0, compress_response)
