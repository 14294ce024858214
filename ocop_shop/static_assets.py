"""Fingerprinted static files: `url_for('static', filename='css/site.css')` → /static/css/site.<hash>.css.

The hash is the first 12 hex digits of the file's SHA-256, computed once when the app starts
from the files on disk (the static folder ships with the code, so every app server computes the
same URLs). The answers:

- a fingerprinted URL whose hash is current: the file, `Cache-Control: public, max-age=31536000,
  immutable` (a new file gives a new URL, so nothing ever needs revalidating);
- the plain URL (/static/css/site.css, bookmarks, old links): the file with a five-minute cache;
- a fingerprinted URL whose hash is not current (a page from the previous release during a
  rolling deploy, or a newer release's page reaching a server not yet upgraded): the current
  file with `no-cache`, never an immutable answer that would pin the wrong content to that URL.

Every answer carries the content hash as a strong ETag (304 on revalidation); compression
(ocop_shop/compression.py) derives an encoding-specific one. With the debugger on (`flask run
--debug`) hashes follow edits without a restart. `flask --app wsgi assets build DIR` writes the
fingerprinted copies (and .gz twins) for nginx (deploy/nginx-ocop.conf).
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
from pathlib import Path

import click
from flask import Flask, Response, abort, current_app, request, session
from flask.cli import with_appcontext
from werkzeug.security import safe_join

HASH_LENGTH = 12
IMMUTABLE = "public, max-age=31536000, immutable"
PLAIN = "public, max-age=300"
STALE = "no-cache"
EXTENSION_KEY = "ocop_static_hashes"
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{%d})(?P<ext>\.[A-Za-z0-9]+)$" % HASH_LENGTH)


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]


def scan(folder: str | Path) -> dict[str, str]:
    """{relative name: hash} for every file under the static folder that has an extension."""
    root = Path(folder)
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): file_hash(path)
            for path in sorted(root.rglob("*")) if path.is_file() and path.suffix}


def fingerprinted(name: str, digest: str) -> str:
    """css/site.css + abc… → css/site.abc….css"""
    stem, _, ext = name.rpartition(".")
    return f"{stem}.{digest}.{ext}"


def current_hash(name: str) -> str | None:
    """The file's hash: from the start-up scan, or read again with the debugger on."""
    if current_app.debug:
        path = safe_join(current_app.static_folder, name)
        return file_hash(Path(path)) if path and Path(path).is_file() and Path(path).suffix else None
    return current_app.extensions[EXTENSION_KEY].get(name)


def _url_defaults(endpoint: str, values: dict) -> None:
    """Give url_for('static', filename=…) the fingerprinted name of a known file."""
    if endpoint != "static" or "filename" not in values:
        return
    digest = current_hash(values["filename"])
    if digest:
        values["filename"] = fingerprinted(values["filename"], digest)


def resolve(filename: str) -> tuple[str, str]:
    """(the file on disk, the Cache-Control) for a requested static name."""
    if current_hash(filename) is not None:
        return filename, PLAIN
    match = _FINGERPRINTED.match(filename)
    if match is None:
        return filename, PLAIN
    name = match["stem"] + match["ext"]
    digest = current_hash(name)
    if digest is None:
        abort(404)
    return name, IMMUTABLE if digest == match["digest"] else STALE


def serve(filename: str) -> Response:
    """The static view: the file, its cache policy and its content hash as the ETag."""
    name, cache_control = resolve(filename)
    path = safe_join(current_app.static_folder, name)
    if path is None or not Path(path).is_file():
        abort(404)
    data = Path(path).read_bytes()
    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = Response(data, mimetype=mimetype)
    response.headers["Cache-Control"] = cache_control
    response.set_etag(current_hash(name) or file_hash(Path(path)))  # the start-up scan's hash
    return response.make_conditional(request)


def _not_by_cookie(response: Response) -> Response:
    """A static file is the same for every visitor: no `Vary: Cookie` (request hooks look at the
    session to know the visitor), or a browser would fetch an immutable file again whenever its
    session cookie changes. Runs after the other hooks (they mark the session as read)."""
    if request.endpoint == "static" and not session.modified:
        session.accessed = False
    return response


@click.group("assets")
def assets_cli():
    """Fingerprinted static files for a reverse proxy."""


@assets_cli.command("build")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def build_command(target: Path):
    """Write each static file under its fingerprinted name (and a .gz twin) into TARGET.

    Files of earlier releases already there are kept, so pages still open during a rolling
    deploy find the files they name. Run at each deploy, before the app servers restart.
    """
    folder = Path(current_app.static_folder)
    hashes = current_app.extensions[EXTENSION_KEY]
    for name, digest in hashes.items():
        data = (folder / name).read_bytes()
        out = target / fingerprinted(name, digest)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        out.with_name(out.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
    click.echo(f"{len(hashes)} static files written to {target}.")


def init_app(app: Flask) -> None:
    """Hash the static folder once, route the static endpoint through `serve`, fingerprint its URLs."""
    app.extensions[EXTENSION_KEY] = scan(app.static_folder)
    app.view_functions["static"] = serve
    app.url_defaults(_url_defaults)
    app.after_request_funcs.setdefault(None, []).insert(0, _not_by_cookie)  # Flask runs the list backwards
    app.cli.add_command(assets_cli)
