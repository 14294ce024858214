"""Certificate register import: the dry run and the write of a generated 500-row CSV file.

    .venv/bin/python bench/certificate_import_bench.py [--rows 500] [--database-url postgresql://…]

Builds a throw-away database (SQLite in a temporary folder by default, or an EMPTY PostgreSQL
database you name: its schema is dropped and rebuilt), 20 producers with 10 products each, and a
register of ROWS certificates (two products each, stars and scores of every band, dates in both
accepted formats). Times what the back office runs: `plan_import` (the dry run: decode, read,
check every row, write nothing) and `apply_import` + commit (the confirm's write, one
transaction), twice each for the dry run (cold, warm), and counts the SQL statements of each.
Prints the times; it asserts nothing about them (the tests check correctness only).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BANDS = ((3, 50, 69), (4, 70, 89), (5, 90, 100))


def build_app(folder: Path, database_url: str | None):
    from flask_migrate import upgrade

    from config import TestConfig
    from ocop_shop import create_app
    from ocop_shop.catalog.groups import ensure_groups
    from ocop_shop.extensions import db

    config = TestConfig(database_url or f"sqlite:///{folder / 'register.sqlite3'}", folder / "inst")
    app = create_app(config)
    with app.app_context():
        if database_url:
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"), revision="heads")
        ensure_groups()
        db.session.commit()
    return app


def catalog() -> list[tuple[str, list[str]]]:
    """20 producers with 10 products each: (producer slug, product slugs)."""
    from ocop_shop.extensions import db
    from tests.factories import Factories

    make = Factories()
    out = []
    for _ in range(20):
        producer = make.producer()
        out.append((producer.slug, [make.product(producer=producer).slug for _ in range(10)]))
    db.session.commit()
    return out


def register(rows: int, producers: list[tuple[str, list[str]]]) -> bytes:
    """A register of `rows` certificates, UTF-8 with a BOM, as a spreadsheet saves it."""
    from ocop_shop.catalog.certificate_import import COLUMNS

    lines = [",".join(COLUMNS)]
    first = date(2025, 7, 1)
    for n in range(rows):
        stars, low, high = BANDS[n % 3]
        issued = first + timedelta(days=n % 300)
        day = issued.isoformat() if n % 2 else issued.strftime("%d/%m/%Y")
        producer, products = producers[n % len(producers)]
        covered = f"{products[n % 10]};{products[(n + 1) % 10]}"
        level = "national" if stars == 5 else "province"
        lines.append(",".join([f"BENCH-{n:05d}", str(stars), str(low + n % (high - low + 1)), f"{n}/QĐ-UBND", day,
                               level, day, "", producer, covered]))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


class Statements:
    """Counts the SQL statements run while active."""

    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args):
        self.count += 1


def timed(label: str, statements: Statements, work):
    statements.count = 0
    start = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - start
    print(f"{label:<24} {elapsed * 1000:9.1f} ms   {statements.count:6d} SQL statements")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database (dropped and rebuilt)")
    args = parser.parse_args()

    from ocop_shop.catalog.certificate_import import apply_import, plan_import
    from ocop_shop.extensions import db

    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(Path(tmp), args.database_url)
        with app.test_request_context("/vi/admin/certificates/import"):
            data = register(args.rows, catalog())
            statements = Statements(db.engine)
            print(f"{args.rows} rows, {len(data) / 1024:.0f} KiB, {db.engine.dialect.name}")
            plan = timed("dry run (cold)", statements, lambda: plan_import(data))
            db.session.rollback()
            plan = timed("dry run (warm)", statements, lambda: plan_import(data))
            assert plan.ok and plan.count("create") == args.rows, plan.file_errors or [
                (r.line, r.errors) for r in plan.rows if r.errors][:5]

            def write():
                result = apply_import(plan, None, "bench.csv")
                db.session.commit()
                return result

            result = timed("write (one transaction)", statements, write)
            print(f"created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
            again = timed("dry run after (updates)", statements, lambda: plan_import(data))
            print(f"then: {again.count('unchanged')} unchanged, {again.count('error')} errors")
        with app.app_context():
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
