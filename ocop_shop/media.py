"""Serves stored image renditions (a reverse proxy serves them in production), and builds their URLs."""
from __future__ import annotations

import io
import re
from functools import lru_cache
from urllib.parse import quote

from flask import Blueprint, abort, g, send_file, url_for

from . import blob_store, storage

bp = Blueprint("media", __name__)
_KEY = re.compile(r"^[0-9a-f]{32}$")
# werkzeug's default converter quotes a path segment with exactly these safe characters
_SAFE = "!$&'()*+,/:;=@"


@bp.get("/media/<key>-<int:width>.webp")
def image(key: str, width: int):
    if not _KEY.match(key):
        abort(404)
    store = blob_store.store()
    found = _stored(store, storage.rendition_name(key, width))
    if found is not None:
        # Renditions never change: a year in every cache (a CDN or the proxy keeps them too).
        return send_file(found, mimetype="image/webp", max_age=31536000, etag=f"{key}-{width}", conditional=True)
    master = _stored(store, storage.master_name(key))
    if master is None:
        abort(404)
    # Renditions still being made (ocop_shop/image_jobs.py): the master meanwhile, asked for again next time.
    response = send_file(master, mimetype="image/webp", etag=False, conditional=False)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _stored(store, name: str):
    """A stored file for send_file: its path (local backend) or its bytes (object storage), else None."""
    path = store.path(name)
    if path is not None:
        return path
    data = store.get(name) if store.backend != "local" else None
    return io.BytesIO(data) if data is not None else None


def _prefix() -> str:
    """The path before a rendition's file name ("/media/"), built by url_for once per request."""
    prefix = g.get("_media_url_prefix")
    if prefix is None:
        prefix = g._media_url_prefix = url_for("media.image", key="k", width=1)[:-len("k-1.webp")]
    return prefix


def image_url(key: str, width: int) -> str:
    """url_for("media.image", key=key, width=width), without routing each picture of a page."""
    return f"{_prefix()}{quote(key, safe=_SAFE)}-{int(width)}.webp"


def picture_sources(image: storage.ImageMixin, width: int) -> tuple[str, str]:
    """A picture's src (the widest rendition not wider than `width`, else the smallest) and srcset."""
    return _sources(_prefix(), image.key, image.width, width)


@lru_cache(maxsize=4096)
def _sources(prefix: str, key: str, master_width: int, width: int) -> tuple[str, str]:
    """picture_sources() from what it depends on: remembered per process (a card list asks for the
    same pictures on every request; the text depends on nothing else). The widths are the
    picture's `widths()`: storage.available_widths of its master's width, for every picture type."""
    widths = storage.available_widths(master_width)
    src_width = next((w for w in reversed(widths) if w <= width), widths[0])
    base = f"{prefix}{quote(key, safe=_SAFE)}-"
    return f"{base}{src_width}.webp", ", ".join(f"{base}{w}.webp {w}w" for w in widths)


def srcset(image: storage.ImageMixin) -> str:
    """A srcset listing the WebP renditions of a stored image."""
    return picture_sources(image, 0)[1]
