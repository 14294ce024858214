"""The reference page of bench/pages_bench.py: a minimal Flask + SQLAlchemy + Jinja "fortunes" page.

Served by gunicorn exactly like the shop (`gunicorn bench.fortunes:app`, same workers and
threads), on the same database server as the shop in that run: read 12 rows, add one in
memory, sort, render an escaped HTML table (the TechEmpower "fortunes" test).

    FORTUNES_DATABASE_URL=sqlite:////tmp/x/fortunes.sqlite3 gunicorn bench.fortunes:app

`prepare(url)` creates and fills the table once, before gunicorn starts (workers never race
to create it).
"""
from __future__ import annotations

import os

from flask import Flask, render_template_string
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

TEMPLATE = """<!doctype html><html><head><title>Fortunes</title></head><body>
<table><tr><th>id</th><th>message</th></tr>
{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}
</table></body></html>"""


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Fortune(db.Model):
    __tablename__ = "bench_fortunes"
    id: Mapped[int] = mapped_column(primary_key=True)
    message: Mapped[str]


def database_url(url: str) -> str:
    """psycopg 3 for PostgreSQL URLs, as the shop's config does."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_app(url: str) -> Flask:
    app = Flask("fortunes")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(url)
    db.init_app(app)

    @app.get("/fortunes")
    def fortunes():
        rows = [(f.id, f.message) for f in db.session.scalars(db.select(Fortune))]
        rows.append((0, "Additional fortune added at request time."))
        rows.sort(key=lambda r: r[1])
        return render_template_string(TEMPLATE, fortunes=[{"id": i, "message": m} for i, m in rows])

    return app


def prepare(url: str) -> None:
    """Create the table with its 12 rows (once, before serving)."""
    app = create_app(url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.add_all(Fortune(message=f"Fortune cookie message number {i} ⟨vi: lời chúc {i}⟩ <script>")
                           for i in range(12))
        db.session.commit()


app = create_app(os.environ["FORTUNES_DATABASE_URL"]) if "FORTUNES_DATABASE_URL" in os.environ else None
