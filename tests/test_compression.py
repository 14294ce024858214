"""Compressed answers (Flask-Compress): gzip and brotli by Accept-Encoding, never for pictures or
answers holding a CSRF token, ETags that stay right for 304s, off with COMPRESSION=off."""
from __future__ import annotations

import gzip
import io

import brotli
import pytest
from flask import current_app, url_for
from PIL import Image

from ocop_shop import storage
from ocop_shop.extensions import db


def _static_url(name: str) -> str:
    with current_app.test_request_context():
        return url_for("static", filename=name)


def test_a_gzip_answer_decompresses_to_the_same_page(client, factories):
    factories.product(name="Hạt dẻ Trùng Khánh")
    db.session.commit()
    plain = client.get("/vi/products")
    packed = client.get("/vi/products", headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    assert int(packed.headers["Content-Length"]) == len(packed.data)


def test_brotli_is_preferred_when_the_browser_takes_it(client):
    plain = client.get(_static_url("css/site.css"))
    packed = client.get(_static_url("css/site.css"), headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(packed.data) == plain.data


def test_small_answers_and_pictures_are_not_compressed(client):
    small = client.get("/robots.txt", headers={"Accept-Encoding": "gzip"})
    assert len(small.data) < 500 and small.headers.get("Content-Encoding") is None
    out = io.BytesIO()
    Image.new("RGB", (700, 500), (200, 120, 40)).save(out, "PNG")
    stored = storage.save_image(out.getvalue())
    picture = client.get(f"/media/{stored.key}-640.webp", headers={"Accept-Encoding": "gzip, br"})
    assert picture.status_code == 200 and picture.mimetype == "image/webp"
    assert picture.headers.get("Content-Encoding") is None


def test_a_page_holding_a_csrf_token_is_not_compressed(client):
    response = client.get("/vi/account/login", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and 'name="csrf_token"' in response.get_data(as_text=True)
    assert response.headers.get("Content-Encoding") is None
    assert "Accept-Encoding" in response.headers["Vary"]


def test_a_compressed_answer_keeps_an_encoding_specific_etag_and_its_304(client):
    url = _static_url("css/site.css")
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + ':gzip"'
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain_again = client.get(url, headers={"If-None-Match": plain.headers["ETag"]})
    assert plain_again.status_code == 304
    # a gzip copy's ETag does not validate the uncompressed answer
    assert client.get(url, headers={"If-None-Match": packed.headers["ETag"]}).status_code == 200


def test_compression_runs_after_every_other_after_request_hook(app, client):
    seen = []

    @app.after_request
    def record(response):  # registered last, like a page cache storing the body it was given
        seen.append(response.headers.get("Content-Encoding"))
        return response

    assert client.get("/vi/", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    assert seen == [None]


@pytest.mark.config(COMPRESSION="off")
def test_compression_off_behind_a_proxy_that_compresses(client):
    response = client.get("/vi/", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and response.headers.get("Content-Encoding") is None


@pytest.mark.config(PAGE_CACHE="on")
def test_the_page_cache_stores_plain_html_and_its_hits_are_compressed_with_their_own_etag(client, factories):
    factories.product(name="Hạt dẻ Trùng Khánh")
    db.session.commit()
    miss = client.get("/vi/producers", headers={"Accept-Encoding": "gzip"})
    assert miss.headers["X-Cache"] == "miss" and miss.headers["Content-Encoding"] == "gzip"
    plain_hit = client.get("/vi/producers")  # stored uncompressed: served as is without Accept-Encoding
    assert plain_hit.headers["X-Cache"] == "hit" and plain_hit.headers.get("Content-Encoding") is None
    assert b"<html" in plain_hit.data
    packed_hit = client.get("/vi/producers", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(packed_hit.data) == plain_hit.data
    assert packed_hit.headers["ETag"] == plain_hit.headers["ETag"][:-1] + ':gzip"'
    again = client.get("/vi/producers", headers={"Accept-Encoding": "gzip", "If-None-Match": packed_hit.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_static_files_are_compressed_once_per_encoding_other_answers_each_time(client, monkeypatch):
    import flask_compress.flask_compress as library

    calls = []
    real = library._compress_data
    monkeypatch.setattr(library, "_compress_data", lambda app, data, algorithm: calls.append(algorithm) or
                        real(app, data, algorithm))
    url = _static_url("css/site.css")
    bodies = [client.get(url, headers={"Accept-Encoding": "gzip"}).data for _ in range(3)]
    assert calls == ["gzip"] and bodies[0] == bodies[1] == bodies[2]
    client.get(url, headers={"Accept-Encoding": "br"})
    assert calls == ["gzip", "br"]
    for _ in range(2):
        client.get("/vi/", headers={"Accept-Encoding": "gzip"})  # no page cache here: made each time
    assert calls == ["gzip", "br", "gzip", "gzip"]
