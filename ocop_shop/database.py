"""Engine settings: SQLite gets WAL, a busy timeout and foreign keys; ids in URLs fit a BIGINT."""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event, literal_column
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1  # the largest integer a BIGINT (or SQLite INTEGER) holds


def sql_constant(value: int | str, type_=None):
    """A constant of the code (a status, a facet name, a price-band bound) written into the SQL text,
    not bound. PostgreSQL plans a prepared statement once without its bound values, so a constant
    that decides the plan (how many products are published) belongs in the text; and psycopg parses
    a statement longer than 4 KB for its placeholders on every execution, where a bound constant
    costs ~20 characters. Only for the code's own values, never for input."""
    if isinstance(value, str):
        return literal_column("'" + value.replace("'", "''") + "'", type_)
    return literal_column(str(int(value)), type_)


class IdConverter(IntegerConverter):
    """`<int:…>` URL parts the database can hold: a larger number names nothing (404), instead of
    overflowing the driver (500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()


def init_app(app: Flask) -> None:
    """Make sure the SQLite file's folder exists; ids in URLs stay within what the database holds."""
    app.url_map.converters["int"] = IdConverter
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:///:memory:"):
        from pathlib import Path

        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
