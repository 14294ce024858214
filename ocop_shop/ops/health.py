"""Liveness and readiness: what a load balancer asks before sending traffic to this server.

`/healthz`: the process answers (no dependency checked: a database outage must not make every
app server restart). `/readyz`: each dependency this server needs answers: the database, Redis
(when REDIS_URL is set), the search index, the upload store. 503 names what failed, never how
(no host names, no error texts).
"""
from __future__ import annotations

from typing import Callable

from flask import current_app
from sqlalchemy import text

from .. import blob_store
from ..extensions import db


def _database() -> None:
    db.session.execute(text("SELECT 1"))


def _redis() -> None:
    from redis import Redis

    url = current_app.config.get("REDIS_URL")
    if url:
        Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()


def _search() -> None:
    from .. import search

    if not search.ready():
        raise RuntimeError("no search index yet: run `flask --app wsgi search sync`")


def _uploads() -> None:
    store = blob_store.store()
    if store.backend == "s3":
        store.client.head_bucket(Bucket=store.bucket)
    elif not store.folder.is_dir():
        store.folder.mkdir(parents=True, exist_ok=True)


CHECKS: dict[str, Callable[[], None]] = {
    "database": _database, "redis": _redis, "search": _search, "uploads": _uploads,
}


def readiness() -> tuple[dict[str, str], bool]:
    """Each check's outcome ("ok" or "failed") and whether all passed."""
    outcome = {}
    for name, check in CHECKS.items():
        try:
            check()
            outcome[name] = "ok"
        except Exception:  # noqa: BLE001 — any failure means not ready; the log says which
            current_app.logger.warning("Readiness check %s failed", name)
            outcome[name] = "failed"
            if name == "database":
                db.session.rollback()
    return outcome, all(value == "ok" for value in outcome.values())
