"""Serves stored image renditions (a reverse proxy serves them in production)."""
from __future__ import annotations

import re

from flask import Blueprint, abort, send_file

from . import storage

bp = Blueprint("media", __name__)
_KEY = re.compile(r"^[0-9a-f]{32}$")


@bp.get("/media/<key>-<int:width>.webp")
def image(key: str, width: int):
    if not _KEY.match(key):
        abort(404)
    path = storage.image_path(key, width)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/webp", max_age=31536000)
