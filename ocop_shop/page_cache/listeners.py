"""Seeing, at commit, that what public pages show has changed (the model: search/outbox.py).

The app factory names the tables whose rows public pages show (`init_app(watched=…)`, one
list). A flush that inserts, updates or deletes a row of one of them, or a bulk statement on
one of them (stock at checkout, certificate revocation), marks the session's transaction; the
commit then bumps the version stamp once. A rollback forgets the mark. The bump runs after the
commit, so a request that reads the new stamp reads the new rows too.
"""
from __future__ import annotations

import logging
from typing import Iterable

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db
from . import store, version

log = logging.getLogger(__name__)

_CHANGED = "page_cache_changed"
EXTENSION_KEY = "ocop_page_cache_tables"


def register(app: Flask, watched: Iterable) -> None:
    """Watch these models or tables (once per process for the listeners, per app for the list)."""
    app.extensions[EXTENSION_KEY] = frozenset(getattr(item, "__table__", item).name for item in watched)
    for name, fn in (("before_flush", _before_flush), ("do_orm_execute", _bulk_statement),
                     ("after_rollback", _forget), ("after_commit", _after_commit)):
        if not event.contains(db.session, name, fn):
            event.listen(db.session, name, fn)


def _watched() -> frozenset[str]:
    return current_app.extensions.get(EXTENSION_KEY, frozenset())


def _table_name(obj) -> str | None:
    table = getattr(type(obj), "__table__", None)
    return getattr(table, "name", None)


def _before_flush(session: Session, flush_context, instances) -> None:
    if session.info.get(_CHANGED) or not store.enabled():
        return
    watched = _watched()
    for obj in (*session.new, *session.deleted):
        if _table_name(obj) in watched:
            session.info[_CHANGED] = True
            return
    for obj in session.dirty:
        if _table_name(obj) in watched and session.is_modified(obj, include_collections=True):
            session.info[_CHANGED] = True
            return


def _bulk_statement(state) -> None:
    """INSERT/UPDATE/DELETE statements run through the session bypass flushes."""
    if not (state.is_insert or state.is_update or state.is_delete) or not store.enabled():
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _watched():
        state.session.info[_CHANGED] = True


def _forget(session: Session) -> None:
    session.info.pop(_CHANGED, None)


def _after_commit(session: Session) -> None:
    if not session.info.pop(_CHANGED, False):
        return
    try:
        version.bump()
    except store.UNAVAILABLE:  # the commit stands; entries still expire within expiry.MAX_AGE
        log.exception("page cache: the version stamp could not be bumped")
