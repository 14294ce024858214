"""The audit log: every change the office makes, in the back office or with its commands.

Append-only: rows are added by `record()` and never changed or removed; the ORM refuses an
update or delete of an audit row, in a flush and as a bulk statement (tests/test_audit.py).
`by` is the office user for a change made in the back office, or None for a command run on
the server (then the operating-system user is named).
"""
from __future__ import annotations

import getpass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from .extensions import db
from .types import UTCDateTime, utcnow

SOURCES = ("web", "cli")


class AuditLogIsAppendOnly(RuntimeError):
    """Something tried to change or delete an audit row."""


class AuditLog(db.Model):
    """One change: who, when, which object, old and new value of each field, and why."""

    __tablename__ = "audit_logs"
    __table_args__ = (CheckConstraint("source IN ('web', 'cli')", name="source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_label: Mapped[str] = mapped_column(String(254))
    source: Mapped[str] = mapped_column(String(10))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(index=True)
    object_label: Mapped[str] = mapped_column(String(255), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {field: [old, new]}
    reason: Mapped[str | None] = mapped_column(Text)


def record(by, action: str, target: Any, *, changes: dict | None = None, reason: str | None = None,
           label: str | None = None, object_type: str | None = None, flush: bool = True) -> AuditLog:
    """Add one audit row for a change to `target` (a model instance) made by `by` (None: a command).

    flush=False leaves the row to the caller's next flush (many rows at once: one batched INSERT).
    """
    entry = AuditLog(
        actor_id=getattr(by, "id", None),
        actor_label=_actor_label(by),
        source="web" if by is not None else "cli",
        action=action,
        object_type=object_type or type(target).__name__,
        object_id=getattr(target, "id", None),
        object_label=(label or _label_of(target))[:255],
        changes={k: [_plain(old), _plain(new)] for k, (old, new) in (changes or {}).items()},
        reason=reason or None,
    )
    db.session.add(entry)
    if flush:
        db.session.flush()
    return entry


def snapshot(obj: Any, fields: Iterable[str]) -> dict:
    """The current values of some fields, to compare after a change."""
    return {name: getattr(obj, name) for name in fields}


def changes_since(before: dict, obj: Any) -> dict:
    """{field: (old, new)} for the fields of a snapshot whose value changed on obj."""
    after = snapshot(obj, before)
    return {name: (before[name], after[name]) for name in before if _plain(before[name]) != _plain(after[name])}


def _actor_label(by) -> str:
    if by is None:
        try:
            return f"command line ({getpass.getuser()})"
        except Exception:  # no login name in this environment (a container without a passwd entry)
            return "command line"
    return by.email or by.phone or by.name or f"user {by.id}"


def _label_of(target: Any) -> str:
    for attribute in ("number", "name", "slug"):
        value = getattr(target, attribute, None)
        if isinstance(value, str) and value:
            return value
    return f"{type(target).__name__} {getattr(target, 'id', '')}".strip()


def _plain(value: Any) -> Any:
    """A JSON-safe form of a value (dates as ISO text)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return str(value)


@event.listens_for(AuditLog, "before_update")
def _refuse_update(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit rows are never changed")


@event.listens_for(AuditLog, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit rows are never deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state):
    if (state.is_update or state.is_delete) and _touches_audit(state.statement):
        raise AuditLogIsAppendOnly("audit rows are never changed or deleted")


def _touches_audit(statement) -> bool:
    table = getattr(statement, "table", None)
    return getattr(table, "name", None) == AuditLog.__tablename__
