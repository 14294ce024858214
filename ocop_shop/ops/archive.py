"""The backup archive's format, shared by `backup` and `restore`.

A gzip'd tar holding:
  db/<table>.jsonl   every row of every table of `db.metadata`, one JSON object a line, in
                     primary-key order; values typed by their column (see `encode_value`)
  uploads/…          the upload folder (pictures), file for file
  manifest.json      written last: format, app version, Alembic revision heads, when, the
                     source engine, the tables in dependency order with row counts and
                     SHA-256, and every upload file with its SHA-256
The search index is not in it: it is rebuilt from the database after a restore.
"""
from __future__ import annotations

import base64
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, LargeBinary, Numeric, String, Table, text
from sqlalchemy.engine import Connection

from config import BASE_DIR

FORMAT = 1
MANIFEST = "manifest.json"
DB_FOLDER = "db"
UPLOADS_FOLDER = "uploads"


class ArchiveError(Exception):
    """A backup archive that cannot be restored (damaged, tampered, or from another schema)."""


def table_member(table: Table) -> str:
    return table_member_name(table.name)


def table_member_name(name: str) -> str:
    return f"{DB_FOLDER}/{name}.jsonl"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_heads() -> set[str]:
    """The migration heads of this code (what `init-db` upgrades to)."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory(str(BASE_DIR / "migrations")).get_heads())


def database_heads(conn: Connection) -> set[str]:
    """The Alembic revisions the database is at (empty before `init-db`)."""
    if not conn.dialect.has_table(conn, "alembic_version"):
        return set()
    return set(conn.scalars(text("SELECT version_num FROM alembic_version")))


def _kind(column) -> str:
    """How a column's values travel in JSON: as is, or as text/base64 that round-trips exactly."""
    column_type = column.type
    impl = getattr(column_type, "impl", column_type)  # TypeDecorators (UTCDateTime) by what they store
    if isinstance(impl, DateTime):
        return "datetime"
    if isinstance(impl, Date):
        return "date"
    if isinstance(impl, Numeric) and not isinstance(impl, Float) and impl.asdecimal:
        return "decimal"
    if isinstance(impl, LargeBinary):
        return "bytes"
    if isinstance(impl, JSON):
        return "json"
    if isinstance(impl, Boolean):
        return "bool"
    if isinstance(impl, Integer):
        return "int"
    if isinstance(impl, (Float, Numeric)):
        return "float"
    if isinstance(impl, String):
        return "str"
    raise TypeError(f"no backup encoding for {column.table.name}.{column.name} ({column_type!r})")


def encode_row(table: Table, row) -> dict:
    """A row as a JSON-ready dict, every column present."""
    return {column.name: _encode(_kind(column), row[column.name]) for column in table.columns}


def _encode(kind: str, value):
    if value is None or kind in ("json", "bool", "int", "float", "str"):
        return value
    if kind == "datetime":
        return value.isoformat()  # aware UTC from UTCDateTime: "2026-01-02T03:04:05.123456+00:00"
    if kind == "date":
        return value.isoformat()
    if kind == "decimal":
        return str(value)
    return base64.b64encode(value).decode("ascii")


def decode_row(table: Table, data) -> dict:
    """A dumped row back into Python values for an INSERT; ArchiveError if it does not fit the table."""
    names = [column.name for column in table.columns]
    if not isinstance(data, dict) or sorted(data) != sorted(names):
        raise ArchiveError(f"a row of {table.name} does not have the table's columns")
    return {column.name: _decode(column, data[column.name]) for column in table.columns}


def _decode(column, value):
    kind = _kind(column)
    if value is None:
        if not column.nullable and kind != "json":  # a JSON null reads back as None too
            raise ArchiveError(f"{column.table.name}.{column.name} is empty but may not be")
        return None
    try:
        return _DECODERS[kind](value)
    except (TypeError, ValueError, InvalidOperation, base64.binascii.Error):
        raise ArchiveError(f"{column.table.name}.{column.name} holds a value of the wrong type: {value!r:.60}")


def _exact(expected: type):
    def check(value):
        if type(value) is not expected:
            raise TypeError(expected.__name__)
        return value
    return check


def _aware_datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment


def _number(value) -> float:
    if type(value) not in (int, float):
        raise TypeError("number")
    return float(value)


_DECODERS = {
    "datetime": _aware_datetime,
    "date": lambda value: date.fromisoformat(_exact(str)(value)),
    "decimal": lambda value: Decimal(_exact(str)(value)),
    "bytes": lambda value: base64.b64decode(_exact(str)(value), validate=True),
    "json": lambda value: value,
    "bool": _exact(bool),
    "int": _exact(int),
    "float": _number,
    "str": _exact(str),
}


def dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))
