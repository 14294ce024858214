"""Where a page's time goes, in process: CPU per request and SQL per request, optionally a profile.

A companion to bench/pages_bench.py for working on a page, not a benchmark of what users get
(that is pages_bench, over HTTP through gunicorn). It builds the same instance as pages_bench
(demo seed + 1,000 generated products, search index) once in `--folder`, then requests each page
through Flask's test client in this process and prints, per page, the median CPU time of a
request (`time.process_time`, so other load on the machine matters less than for wall time),
the number of SQL statements and the database time of each statement kind.

    PYTHONPATH=. .venv/bin/python bench/page_cpu.py --folder /tmp/page-cpu
    PYTHONPATH=. .venv/bin/python bench/page_cpu.py --folder /tmp/page-cpu-pg \\
        --database-url postgresql://postgres@127.0.0.1/ocop_prof --pages catalog,product
    PYTHONPATH=. .venv/bin/python bench/page_cpu.py --folder /tmp/page-cpu --profile catalog

`--profile PAGE` prints a pyinstrument tree of that page over the measured requests
(`pip install pyinstrument`; not a pinned dependency). `--sql` prints each statement's mean
client-side time (execute + fetch) for every page. The instance is reused while the folder
holds it; delete the folder (and, for PostgreSQL, nothing else: the bench's own database is
recreated by `--rebuild`) to start again.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

from bench.pages_bench import pages
from bench.pages_instance import Instance

READY = "page-cpu-ready"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True, help="instance folder (built once, then reused)")
    parser.add_argument("--database-url", help="PostgreSQL server and database; uses <name>_pagesbench")
    parser.add_argument("--pages", default="home,catalog,product,search,cart", help="pages to measure")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--profile", help="one page to profile with pyinstrument")
    parser.add_argument("--sql", action="store_true", help="print each statement's mean time")
    parser.add_argument("--cache", default="off", help="PAGE_CACHE for the app (default off: the page's own cost)")
    parser.add_argument("--rebuild", action="store_true", help="build the instance again")
    return parser.parse_args()


def prepared(args) -> Instance:
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    instance = Instance(folder, args.database_url)
    if args.rebuild or not (folder / READY).exists():
        instance.prepare()
        (folder / READY).write_text(instance.url)
    return instance


def urls(instance: Instance) -> dict[str, str]:
    """pages_bench's pages, and the catalog filtered and sorted."""
    return {**pages(instance), "catalog-filtered": "/vi/products?stars=4&sort=price_asc"}


class StatementClock:
    """Client-side time of each statement (execute + fetch of the previous one excluded)."""

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.times: dict[str, list[float]] = defaultdict(list)
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        conn.info["page_cpu_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        self.count += 1
        self.times[" ".join(statement.split())[:110]].append(time.perf_counter() - conn.info["page_cpu_started"])


def measure(client, url: str, requests: int, clock: StatementClock) -> tuple[float, float]:
    for _ in range(20):
        assert client.get(url).status_code == 200, url
    clock.times.clear()
    clock.count = 0
    spent = []
    for _ in range(requests):
        started = time.process_time()
        client.get(url)
        spent.append(time.process_time() - started)
    return statistics.median(spent) * 1000, clock.count / requests


def main() -> int:
    args = parse_args()
    instance = prepared(args)
    os.environ.update(instance.env(PAGE_CACHE=args.cache))
    from ocop_shop import create_app
    from ocop_shop.extensions import db

    app = create_app()
    client = app.test_client()
    with app.app_context():
        clock = StatementClock(db.engine)
    pages = urls(instance)
    print(f"{instance.kind}, {args.requests} requests per page, median CPU per request (this process)")
    for name in args.pages.split(","):
        cpu, statements = measure(client, pages[name], args.requests, clock)
        print(f"  {name:<17} {cpu:6.2f} ms CPU  {statements:4.1f} statements  {pages[name]}")
        if args.sql:
            for statement, times in sorted(clock.times.items(), key=lambda kv: -sum(kv[1])):
                print(f"      {statistics.mean(times) * 1000:6.3f} ms ×{len(times) / args.requests:3.1f}  {statement}")
    if args.profile:
        profile(client, pages[args.profile], args.requests)
    return 0


def profile(client, url: str, requests: int) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0002)
    profiler.start()
    for _ in range(requests):
        client.get(url)
    profiler.stop()
    print(profiler.output_text(unicode=True, show_all=bool(os.environ.get("PROFILE_ALL"))))


if __name__ == "__main__":
    raise SystemExit(main())
