"""Where cached pages live: Flask-Caching, in this process's memory (SimpleCache) by default,
in Redis when REDIS_URL is set (every worker and machine shares it; keys start "ocop:page:").

An entry is a small dict: the page's body (a sentinel where the visitor's CSRF token was), its
content type, its ETag seed and the moment (app clock, UTC) after which it must not be served.

Every key holds the release: a digest of the code, templates, static files and translations this
server runs, computed once at start. A deploy changes pages without any database change, so a
new release never serves (or stores for) pages rendered by the old one, and servers of two
releases during a rolling deploy keep apart; `flask page-cache clear` is not needed for that.
"""
from __future__ import annotations

import hashlib
import math
from datetime import datetime
from pathlib import Path

from flask import Flask, current_app
from flask_caching import Cache

from ..types import utcnow

EXTENSION_KEY = "ocop_page_cache"
ENTRY_FORMAT = 1  # raise when the entry's fields change, so servers of two releases never share one
SIMPLE_THRESHOLD = 500  # entries kept in memory per process (about 25 MB of 50 KB pages)


def init_app(app: Flask) -> None:
    redis_url = app.config.get("REDIS_URL")
    settings = {"CACHE_KEY_PREFIX": app.config["PAGE_CACHE_KEY_PREFIX"], "CACHE_DEFAULT_TIMEOUT": 600}
    if redis_url:
        settings.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=redis_url)
    else:
        settings.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=SIMPLE_THRESHOLD)
    cache = Cache()
    cache.init_app(app, config=settings)
    app.extensions[EXTENSION_KEY] = cache
    app.extensions[RELEASE_KEY] = release_digest(app)


RELEASE_KEY = "ocop_page_cache_release"
_RELEASE_SUFFIXES = {".py", ".html", ".txt", ".css", ".js", ".svg", ".mo", ".csv", ".json"}


def release_digest(app: Flask) -> str:
    """A digest of the files that shape a page: the package's code, templates, static files, translations."""
    digest = hashlib.sha256()
    folders = (app.root_path, app.template_folder, app.static_folder, app.config.get("BABEL_TRANSLATION_DIRECTORIES"))
    for folder in folders:
        root = Path(app.root_path, folder) if folder else None
        if root is None or not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix in _RELEASE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def enabled(app: Flask | None = None) -> bool:
    return EXTENSION_KEY in (app or current_app).extensions


def _backend():
    return current_app.extensions[EXTENSION_KEY].cache


def redis_client():
    """The Redis client of the cache backend, or None for the in-memory cache."""
    backend = _backend()
    return getattr(backend, "_write_client", None)


def prefixed(key: str) -> str:
    return current_app.config["PAGE_CACHE_KEY_PREFIX"] + key


def page_key(version: int, variant: str, url: str) -> str:
    """The key of one page: the release, the stamp, the visitor variant (age declared or not) and the URL."""
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"f{ENTRY_FORMAT}:r{current_app.extensions[RELEASE_KEY]}:v{version}:{variant}:{digest}"


def get(key: str, now: datetime | None = None) -> dict | None:
    """The entry stored under key, unless its content may have changed by itself since."""
    entry = _backend().get(key)
    if entry is None or (now or utcnow()) >= entry["until"]:
        return None
    return entry


def put(key: str, entry: dict, now: datetime | None = None) -> None:
    """Store an entry until entry["until"] (the backend drops it by then as well)."""
    seconds = (entry["until"] - (now or utcnow())).total_seconds()
    if seconds > 0:
        _backend().set(key, entry, timeout=max(1, math.ceil(seconds)))


# What a shared cache that cannot be reached raises: the page is then served uncached.
try:
    from redis.exceptions import RedisError as _RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    _RedisError = OSError
UNAVAILABLE = (_RedisError, OSError)
