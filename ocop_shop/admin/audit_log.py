"""Reading the audit log for the office: the filtered rows, page by page, and as a CSV file.

Read only: the log is append-only (ocop_shop/audit.py refuses any update or delete), and the back
office has no route that changes it. Days are days in Asia/Ho_Chi_Minh.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable

from sqlalchemy import distinct, func, or_, select

from .. import csv_export
from ..audit import AuditLog
from ..extensions import db
from ..timeutil import VN_TZ
from .audit_labels import action_label, type_label, value_text

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    object_type: str | None = None
    object: str | None = None  # an id (digits) or part of the object's label
    actor: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditLog]
    total: int
    page: int
    last_page: int


def _day_start(day: date) -> datetime:
    """The first moment of a day in Việt Nam, in UTC."""
    return datetime.combine(day, time.min, VN_TZ).astimezone(timezone.utc)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filtered(filters: AuditFilters):
    """The SELECT of the rows matching the filters, newest first."""
    query = select(AuditLog)
    if filters.object_type:
        query = query.where(AuditLog.object_type == filters.object_type)
    if filters.object:
        label_matches = AuditLog.object_label.ilike(f"%{_escape_like(filters.object)}%", escape="\\")
        query = query.where(or_(AuditLog.object_id == int(filters.object), label_matches)
                            if re.fullmatch(r"[0-9]{1,9}", filters.object) else label_matches)
    if filters.actor:
        query = query.where(AuditLog.actor_label == filters.actor)
    if filters.since:
        query = query.where(AuditLog.at >= _day_start(filters.since))
    if filters.until:
        query = query.where(AuditLog.at < _day_start(filters.until + timedelta(days=1)))
    return query.order_by(AuditLog.at.desc(), AuditLog.id.desc())


def audit_page(filters: AuditFilters, page: int) -> AuditPage:
    """One page of the filtered rows (the page number clamped to the pages there are)."""
    query = filtered(filters)
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    last_page = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), last_page)
    rows = db.session.scalars(query.limit(PER_PAGE).offset((page - 1) * PER_PAGE)).all()
    return AuditPage(list(rows), total, page, last_page)


def choices() -> tuple[list[tuple[str, str]], list[str]]:
    """The object types (name, label) and the people found in the log, for the filters."""
    types = db.session.scalars(select(distinct(AuditLog.object_type))).all()
    actors = db.session.scalars(select(distinct(AuditLog.actor_label)).order_by(AuditLog.actor_label)).all()
    return sorted(((name, type_label(name)) for name in types), key=lambda pair: pair[1].casefold()), list(actors)


def changes_text(changes: dict) -> str:
    """'field: old → new' for every field changed, one per line."""
    return "\n".join(f"{name}: {value_text(old)} → {value_text(new)}" for name, (old, new) in changes.items())


def csv_text(rows: Iterable[AuditLog], header: list[str]) -> str:
    """The rows as a CSV file (csv_export: BOM, CRLF, formula cells as text)."""
    return csv_export.csv_text(header, ((
        row.at.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M:%S"), row.actor_label, row.source,
        row.action, action_label(row.action), type_label(row.object_type), row.object_id,
        row.object_label, changes_text(row.changes or {}), row.reason) for row in rows))


def all_rows(filters: AuditFilters) -> Iterable[AuditLog]:
    """Every matching row, read in batches."""
    return db.session.scalars(filtered(filters).execution_options(yield_per=500))
