"""The version stamp that is part of every page cache key.

Read once per request (before any other query of the request). Bumped after the commit of any
change to what public pages show (listeners.py), so an entry stored under an older stamp is
never read again. With REDIS_URL: a Redis counter (INCR), shared by every worker and machine.
Without: one row in the database (`page_cache_versions`), shared by every worker using the same
database file, bumped by one atomic upsert in its own short transaction. Never process memory.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from . import store
from .models import STAMP_ID, PageCacheVersion

REDIS_KEY = "version"


def current() -> int:
    """The stamp now (0 before the first change)."""
    client = store.redis_client()
    if client is not None:
        return int(client.get(store.prefixed(REDIS_KEY)) or 0)
    return int(db.session.scalar(select(PageCacheVersion.version).where(PageCacheVersion.id == STAMP_ID)) or 0)


def bump() -> None:
    """Make every stored page stale: one INCR, or one upsert of the stamp row (its own transaction)."""
    client = store.redis_client()
    if client is not None:
        client.incr(store.prefixed(REDIS_KEY))
        return
    with db.engine.begin() as conn:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(PageCacheVersion).values(id=STAMP_ID, version=1)
        conn.execute(statement.on_conflict_do_update(
            index_elements=["id"], set_={"version": PageCacheVersion.version + 1}))
