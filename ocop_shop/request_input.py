"""Input no page can use is dropped where the request is parsed: NUL characters.

No text a person types holds U+0000, and PostgreSQL refuses it in any text value (SQLite stores
it), so a query parameter or form value with one would turn a search or a lookup into a 500 on
one engine only. Query and form values lose their NULs (werkzeug's documented
`parameter_storage_class` hook); a URL path part holding one is a 404.
"""
from __future__ import annotations

from flask import Flask, Request, abort
from werkzeug.datastructures import ImmutableMultiDict


def _clean(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class NulFreeMultiDict(ImmutableMultiDict):
    """Query or form values with NUL characters removed (files are left alone)."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        pairs = mapping.items(multi=True) if hasattr(mapping, "items") and hasattr(mapping, "getlist") else (
            mapping.items() if isinstance(mapping, dict) else mapping)
        super().__init__([(_clean(key), _clean(value)) for key, value in pairs])


class CleanRequest(Request):
    parameter_storage_class = NulFreeMultiDict


def init_app(app: Flask) -> None:
    app.request_class = CleanRequest

    @app.url_value_preprocessor
    def _no_nul_in_paths(endpoint, values):
        if values and any(isinstance(v, str) and "\x00" in v for v in values.values()):
            abort(404)
