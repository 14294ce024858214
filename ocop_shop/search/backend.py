"""Which search engine runs (SEARCH_BACKEND=whoosh|postgres): only search/ asks this.

"whoosh": an index folder per machine (the embedded default, no services).
"postgres": tables in the shared PostgreSQL database (pg_*.py), seen by every app server.
"""
from __future__ import annotations

from flask import current_app

BACKENDS = ("whoosh", "postgres")
# The PostgreSQL backend's tables: made by migration search_0002 on PostgreSQL only, kept off the
# ORM metadata (the SQLite schema stays as it is); schema comparisons leave them out.
POSTGRES_TABLES = ("search_documents", "search_words")


def config_problems(config) -> list[str]:
    """Search settings that cannot work, in any environment."""
    backend = config.get("SEARCH_BACKEND", "whoosh")
    if backend not in BACKENDS:
        return [f"SEARCH_BACKEND is {backend!r}: use whoosh or postgres."]
    if backend == "postgres" and not str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        return ["SEARCH_BACKEND=postgres needs DATABASE_URL on PostgreSQL (postgresql://…); "
                "with SQLite use SEARCH_BACKEND=whoosh."]
    return []


def refuse_unusable(config) -> None:
    found = config_problems(config)
    if found:
        raise RuntimeError("Refusing to start:\n- " + "\n- ".join(found))


def on_postgres() -> bool:
    return current_app.config.get("SEARCH_BACKEND", "whoosh") == "postgres"


def connection():
    """The request's database connection (PostgreSQL backend reads)."""
    from ..extensions import db

    return db.session.connection()
