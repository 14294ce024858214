"""Page throughput against a minimal Flask + SQLAlchemy + Jinja "fortunes" page (DESIGN §9).

Both apps are served the same way (in-process WSGI through Werkzeug's test client, one
thread, SQLite files on the same disk) and measured side by side in alternating rounds, so
the ratio holds on any machine. Budgets: catalog ≥ 0.5×, product page ≥ 0.6× the fortunes
page. It also prints the SQL statements each page runs at 10 and at 1,000 products.

    .venv/bin/python bench/pages_bench.py [--seconds 2] [--rounds 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, render_template_string  # noqa: E402
from flask_sqlalchemy import SQLAlchemy  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Mapped, mapped_column  # noqa: E402

FORTUNES_TEMPLATE = """<!doctype html><html><head><title>Fortunes</title></head><body>
<table><tr><th>id</th><th>message</th></tr>
{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}
</table></body></html>"""


def fortunes_app(folder: Path) -> Flask:
    """The reference page: read 12 rows, add one in memory, sort, render."""
    app = Flask("fortunes")
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{folder / 'fortunes.sqlite3'}"
    db = SQLAlchemy(app)

    class Fortune(db.Model):
        id: Mapped[int] = mapped_column(primary_key=True)
        message: Mapped[str]

    @app.get("/fortunes")
    def fortunes():
        rows = [(f.id, f.message) for f in db.session.scalars(db.select(Fortune))]
        rows.append((0, "Additional fortune added at request time."))
        rows.sort(key=lambda r: r[1])
        items = [{"id": i, "message": m} for i, m in rows]
        return render_template_string(FORTUNES_TEMPLATE, fortunes=items)

    with app.app_context():
        db.create_all()
        db.session.add_all(Fortune(message=f"Fortune cookie message number {i} ⟨vi: lời chúc {i}⟩") for i in range(12))
        db.session.commit()
    return app


def shop_app(folder: Path, products: int):
    """The shop on a migrated SQLite file with the given number of published products."""
    from flask_migrate import upgrade

    from config import TestConfig
    from ocop_shop import create_app
    from ocop_shop.catalog.groups import ensure_groups
    from ocop_shop.extensions import db
    from tests.factories import Factories

    config = TestConfig(f"sqlite:///{folder / f'shop-{products}.sqlite3'}", folder / f"inst-{products}")
    config.TESTING = False
    app = create_app(config)
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"), revision="heads")
        ensure_groups()
        make = Factories()
        producers = [make.producer() for _ in range(10)]
        for i in range(products):
            make.product(producer=producers[i % 10], stars=(3, 4, None)[i % 3],
                         category=("thuc-pham", "tra", "mien-bun")[i % 3])
        slug = make.product(producer=producers[0], stars=4).slug
        db.session.commit()
    return app, slug


def throughput(client, url: str, seconds: float) -> float:
    """Requests per second for one URL over a time slice."""
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        count += 1
    return count / (time.perf_counter() - start)


def query_count(app, url: str) -> int:
    from ocop_shop.extensions import db

    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        app.test_client().get(url)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one measuring slice")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    reference = fortunes_app(folder).test_client()
    small, small_slug = shop_app(folder, 10)
    app, slug = shop_app(folder, 1000)
    pages = {"catalog": "/vi/products", "product": f"/vi/products/{slug}"}
    for name, url in pages.items():
        small_url = url if name == "catalog" else f"/vi/products/{small_slug}"
        print(f"{name}: {query_count(small, small_url)} SQL statements at 10 products, "
              f"{query_count(app, url)} at 1,000")
    client = app.test_client()
    for url in ("/fortunes",):
        reference.get(url)
    ratios: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, url in pages.items():
            base = throughput(reference, "/fortunes", args.seconds)
            page = throughput(client, url, args.seconds)
            ratios[name].append(page / base)
            print(f"  {name:8s} {page:8.1f} req/s   fortunes {base:8.1f} req/s   ratio {page / base:.2f}")
    budgets = {"catalog": 0.5, "product": 0.6}
    for name, values in ratios.items():
        median = statistics.median(values)
        verdict = "within budget" if median >= budgets[name] else "OVER BUDGET"
        print(f"{name}: median ratio {median:.2f} (budget ≥ {budgets[name]}): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
