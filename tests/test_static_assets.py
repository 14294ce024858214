"""Fingerprinted static files: pages name them by content hash, a one-year immutable cache for those
URLs, a short one for the plain URL, no-cache for a hash that is not current, 304 on revalidation."""
from __future__ import annotations

import gzip
import hashlib
import re
import shutil
from pathlib import Path

from flask import current_app, url_for

from ocop_shop import static_assets

STATIC = Path(__file__).resolve().parent.parent / "static"
STATIC_URL = re.compile(r'(?:href|src)="(/static/[^"]+)"')
FINGERPRINTED = re.compile(r"^/static/(.+)\.([0-9a-f]{12})(\.[a-z0-9]+)$")


def _url(name: str) -> str:
    with current_app.test_request_context():
        return url_for("static", filename=name)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_pages_name_static_files_by_their_content_hash(client):
    for page in ("/vi/", "/en/products", "/vi/account/login"):
        urls = STATIC_URL.findall(client.get(page).get_data(as_text=True))
        assert any("/css/site." in url for url in urls), page
        for url in urls:
            match = FINGERPRINTED.match(url)
            assert match, url
            assert match[2] == _digest(STATIC / (match[1] + match[3])), url


def test_a_fingerprinted_url_is_cached_for_a_year_and_immutable(client):
    url = _url("css/site.css")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.mimetype == "text/css"
    assert response.data == (STATIC / "css/site.css").read_bytes()
    assert "Cookie" not in response.headers.get("Vary", "")  # the same file for every visitor
    assert "Cookie" in client.get("/vi/").headers["Vary"]  # pages still say they depend on it


def test_the_plain_url_still_works_with_a_short_cache(client):
    response = client.get("/static/js/suggest.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.data == (STATIC / "js/suggest.js").read_bytes()


def test_a_stale_hash_gets_the_current_file_never_cached_and_an_unknown_file_404(client):
    stale = client.get("/static/css/site.000000000000.css")
    assert stale.status_code == 200
    assert stale.headers["Cache-Control"] == "no-cache"
    assert stale.data == (STATIC / "css/site.css").read_bytes()
    assert client.get("/static/css/nothing.000000000000.css").status_code == 404
    assert client.get("/static/css/nothing.css").status_code == 404
    assert client.get("/static/../config.py").status_code == 404


def test_revalidation_answers_304_by_etag(client):
    url = _url("img/logo.svg")
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag == f'"{_digest(STATIC / "img/logo.svg")}"'
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def _static_copy(app, tmp_path: Path) -> Path:
    folder = tmp_path / "static"
    shutil.copytree(STATIC, folder)
    app.static_folder = str(folder)
    app.extensions[static_assets.EXTENSION_KEY] = static_assets.scan(folder)  # as at start-up
    return folder


def test_a_changed_file_gets_a_new_url_at_the_next_start(app, client, tmp_path):
    folder = _static_copy(app, tmp_path)
    before = _url("css/site.css")
    (folder / "css/site.css").write_text("body { color: #123456; }\n")
    assert _url("css/site.css") == before  # computed once at start
    app.extensions[static_assets.EXTENSION_KEY] = static_assets.scan(folder)  # the restart
    after = _url("css/site.css")
    assert after != before and FINGERPRINTED.match(after)
    assert client.get(after).data == b"body { color: #123456; }\n"
    old = client.get(before)
    assert old.headers["Cache-Control"] == "no-cache" and old.data == b"body { color: #123456; }\n"


def test_with_the_debugger_on_urls_follow_edits_without_a_restart(app, tmp_path):
    folder = _static_copy(app, tmp_path)
    app.debug = True
    before = _url("js/forms.js")
    (folder / "js/forms.js").write_text("/* edited */\n")
    assert _url("js/forms.js") != before


def test_assets_build_writes_fingerprinted_copies_and_gzip_twins(app, tmp_path):
    target = tmp_path / "built"
    result = app.test_cli_runner().invoke(args=["assets", "build", str(target)])
    assert result.exit_code == 0, result.output
    name = _url("css/site.css").removeprefix("/static/")
    assert (target / name).read_bytes() == (STATIC / "css/site.css").read_bytes()
    assert gzip.decompress((target / (name + ".gz")).read_bytes()) == (STATIC / "css/site.css").read_bytes()
