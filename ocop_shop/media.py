"""Serves stored image renditions (a reverse proxy serves them in production), and builds their URLs."""
from __future__ import annotations

import io
import re
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
    name = storage.rendition_name(key, width)
    store = blob_store.store()
    path = store.path(name)
    if path is not None:
        return send_file(path, mimetype="image/webp", max_age=31536000)
    data = store.get(name) if store.backend != "local" else None
    if data is None:
        abort(404)
    # Object storage: the bytes pass through (a CDN or the proxy caches them; renditions never change).
    return send_file(io.BytesIO(data), mimetype="image/webp", max_age=31536000, etag=f"{key}-{width}",
                     conditional=True)


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
    widths = image.widths()
    src_width = next((w for w in reversed(widths) if w <= width), widths[0])
    base = f"{_prefix()}{quote(image.key, safe=_SAFE)}-"
    return f"{base}{src_width}.webp", ", ".join(f"{base}{w}.webp {w}w" for w in widths)


def srcset(image: storage.ImageMixin) -> str:
    """A srcset listing the WebP renditions of a stored image."""
    return picture_sources(image, 0)[1]
