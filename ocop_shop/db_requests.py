"""A request whose transaction certainly wrote nothing ends with COMMIT instead of ROLLBACK.

Why: psycopg 3 forgets its prepared statements on every ROLLBACK (not on COMMIT), and every request
used to end with one (the session's removal), so PostgreSQL planned every statement on every
request. Committing a transaction that wrote nothing is the same as rolling it back. Anything
doubtful (a statement that is not a plain read, pending ORM changes, a savepoint, an exception)
keeps today's rollback. See docs/DECISIONS.md "p2: read-only requests end with COMMIT".
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from flask import Flask
from sqlalchemy import event
from flask_sqlalchemy.session import Session
from sqlalchemy.engine import Engine

from .extensions import db

log = logging.getLogger(__name__)

WROTE = "ocop_wrote"  # Connection.info key: this transaction ran a statement that may have written
CONNECTIONS = "ocop_connections"  # Session.info key: the connections of its current transaction

_READ_START = re.compile(r"\s*\(?\s*(select|with)\b", re.IGNORECASE)
# Words that make even a SELECT/WITH doubtful: data-modifying CTEs, SELECT INTO, locks, session
# settings and sequences, which a COMMIT would keep where a ROLLBACK undoes them.
_DOUBTFUL = re.compile(
    r"\b(insert|update|delete|merge|into|set_config|nextval|setval|pg_advisory\w*|lo_\w+)\b",
    re.IGNORECASE,
)


def is_plain_read(statement: str, context=None, executemany: bool = False) -> bool:
    """True only for a statement that certainly writes nothing and changes no session state."""
    if executemany or (context is not None and (context.isinsert or context.isupdate or context.isdelete)):
        return False
    return _reads_only(statement)


@lru_cache(maxsize=1024)
def _reads_only(statement: str) -> bool:
    # A pure function of the text, and most texts recur (SQLAlchemy's compiled cache hands the
    # same string back): scanning a 5 KB catalog statement for the doubtful words costs ~150 µs.
    return bool(_READ_START.match(statement)) and not _DOUBTFUL.search(statement)


@event.listens_for(Engine, "begin")
def _fresh_transaction(conn) -> None:
    conn.info.pop(WROTE, None)


@event.listens_for(Engine, "before_cursor_execute")
def _note_write(conn, cursor, statement, parameters, context, executemany) -> None:
    if not is_plain_read(statement, context, executemany):
        conn.info[WROTE] = True


@event.listens_for(Session, "after_begin")
def _remember_connection(session, transaction, connection) -> None:
    session.info.setdefault(CONNECTIONS, []).append(connection)


@event.listens_for(Session, "after_transaction_end")
def _forget_connections(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(CONNECTIONS, None)


def read_only(session) -> bool:
    """The session's open transaction ran only plain reads and holds no unflushed change."""
    if not session.in_transaction() or session.in_nested_transaction():
        return False
    if session.new or session.dirty or session.deleted:
        return False
    return not any(conn.info.get(WROTE) for conn in session.info.get(CONNECTIONS, ()))


def end_read_only_request(exc: BaseException | None) -> None:
    """Teardown (runs before Flask-SQLAlchemy removes the session): COMMIT a read-only transaction."""
    if exc is not None or not db.session.registry.has():
        return
    session = db.session()
    if not read_only(session):
        return
    try:
        session.commit()
    except Exception:  # the session's removal rolls back, as it always did
        log.warning("commit of a read-only request failed; rolling back", exc_info=True)
        session.rollback()


def init_app(app: Flask) -> None:
    """Register after db.init_app: teardowns run in reverse order, so this one runs first."""
    app.teardown_appcontext(end_read_only_request)
