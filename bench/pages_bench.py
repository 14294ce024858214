"""Pages through a real server against a minimal "fortunes" page served the same way (issue #14, DESIGN §9).

A throw-away instance (migrated SQLite file, or a PostgreSQL database beside --database-url)
gets the demo seed plus 1,000 generated products and its search index. gunicorn serves it and
bench/fortunes.py with the same workers and threads (-w 2 --threads 4) on 127.0.0.1; wrk
loads them from its own process (-t2 -c32 -d5s by default). For home, catalog, a non-liquor
product page, search and the anonymous cart: req/s, p50, p99, the ratio to fortunes measured
just before and after the page (their mean), and each worker's peak RSS while the page ran,
in three rounds (the line shows the round with the median ratio, and every round's ratio);
with the page cache off and on (PAGE_CACHE=off|on; "on" is recognised only by an X-Cache
answer header). Rate limits are off (RATELIMIT_ENABLED=off) so they cannot distort the run.

    .venv/bin/python bench/pages_bench.py [--database-url postgresql://postgres@127.0.0.1/ocop_x]

Exit status 1 when a measured ratio misses its budget.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.pages_instance import PRODUCTS, Instance  # noqa: E402
from bench.serving import THREADS, WORKERS, Load, Server, get, wrk, wrk_path  # noqa: E402

BUDGETS = {"off": {"catalog": 0.2, "product": 0.3}, "on": {"catalog": 0.8, "product": 0.8}}
SEARCH = "/vi/search?q=m%E1%BA%ADt+ong+cao+b%E1%BA%B1ng"  # "mật ong cao bằng", a common query of bench/queries.txt


def pages(instance: Instance) -> dict[str, str]:
    return {"home": "/vi/", "catalog": "/vi/products", "product": f"/vi/products/{product_slug(instance)}",
            "search": SEARCH, "cart": "/vi/cart"}


def product_slug(instance: Instance) -> str:
    """A published demo product that is not liquor, with a certificate and pictures if one has them."""
    engine = create_engine(instance.url)
    with engine.connect() as connection:
        slug = connection.execute(text(
            "SELECT p.slug FROM products p WHERE p.status = 'published' AND p.abv IS NULL AND p.is_sample = false"
            " ORDER BY (SELECT count(*) FROM certification_products c WHERE c.product_id = p.id) DESC,"
            " (SELECT count(*) FROM product_images i WHERE i.product_id = p.id) DESC, p.id LIMIT 1")).scalar()
    engine.dispose()
    return slug


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def probe(server: Server, path: str) -> bool:
    """GET a few times (each worker may keep its own cache): whether an answer carried X-Cache.
    Refuses a non-200."""
    seen = False
    for _ in range(4):
        status, headers, _ = get(server.url + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        seen |= "X-Cache" in headers
    return seen


def measure(server: Server, fortunes: Server, urls: dict[str, str], cache: str, args) -> list[str]:
    """Rounds of fortunes, page, fortunes, page, …, fortunes; one line per page (its median
    round). Missed budgets start with '!'."""
    header = [probe(server, path) for path in urls.values()]
    if cache == "on" and not any(header):
        return [f"  {name:8s} page cache not available (no X-Cache header with PAGE_CACHE=on)" for name in urls]
    for path in urls.values():  # warm-up: every worker and thread compiles and caches its part
        wrk(server.url + path, args.threads, args.connections, args.warmup)
    wrk(fortunes.url + "/fortunes", args.threads, args.connections, args.warmup)
    rounds: dict[str, list[Round]] = {name: [] for name in urls}
    for _ in range(args.rounds):
        before = run(fortunes, "/fortunes", args)
        for name, path in urls.items():
            page = run(server, path, args)
            rss = server.peak_rss_mib()
            after = run(fortunes, "/fortunes", args)
            rounds[name].append(Round(page, before, after, rss))
            before = after
    return [line(name, found, BUDGETS[cache].get(name)) for name, found in rounds.items()]


@dataclass(frozen=True)
class Round:
    """One measurement of a page between two of fortunes."""

    page: Load
    before: Load
    after: Load
    rss: list[float]

    @property
    def ratio(self) -> float:
        return self.page.rps / ((self.before.rps + self.after.rps) / 2)


def run(server: Server, path: str, args) -> Load:
    server.reset_peaks()
    load = wrk(server.url + path, args.threads, args.connections, args.seconds)
    if load.bad or not load.requests:
        print(f"  warning: {path}: {load.bad} non-2xx/3xx answers or socket errors, {load.requests} answers")
    return load


# The 2-core development machine has moments where everything runs at half speed for a few
# seconds: a page measured then is compared with a fortunes figure that no longer describes it.
# Each page is measured in several rounds and its line is the round with the median ratio; the
# line says so when the rounds' ratios, or the fortunes figures around it, differ by more than:
UNSTEADY = 0.3


def line(name: str, rounds: list[Round], budget) -> str:
    ratios = sorted(r.ratio for r in rounds)
    chosen = next(r for r in rounds if r.ratio == ratios[(len(ratios) - 1) // 2])
    page, before, after, ratio = chosen.page, chosen.before, chosen.after, chosen.ratio
    verdict = "" if budget is None else f"budget ≥ {budget:.1f}: " + ("met" if ratio >= budget else "MISSED")
    if abs(before.rps - after.rps) > UNSTEADY * max(before.rps, after.rps) or ratios[-1] - ratios[0] > UNSTEADY * ratios[-1]:
        verdict = f"{verdict} (unsteady: re-run)".strip()
    rss_text = "/".join(f"{r:.0f}" for r in chosen.rss)
    all_ratios = "/".join(f"{r:.2f}" for r in ratios)
    text_ = (f"  {name:8s} {page.rps:8.1f} {page.p50_ms:8.2f} {page.p99_ms:8.2f}  {before.rps:7.0f}/{after.rps:<7.0f}"
             f" {ratio:6.3f}  {all_ratios:>14s}  {rss_text:>9s}  {page.cache_share():14s} {verdict}")
    return (("!" if "MISSED" in verdict else " ") + text_[1:]).rstrip()


def serve(instance: Instance, cache: str, port: int, fortunes_port: int, redis: str | None):
    extra = {"PAGE_CACHE": cache} | ({"REDIS_URL": redis} if redis else {})
    app = Server("wsgi:app", port, instance.env(**extra), instance.folder / f"gunicorn-{cache}.log")
    fortunes = Server("bench.fortunes:app", fortunes_port, instance.env(), instance.folder / "fortunes.log")
    try:
        app.wait_ready("/vi/")
        fortunes.wait_ready("/fortunes")
    except BaseException:
        app.stop()
        fortunes.stop()
        raise
    return app, fortunes


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server and database; the bench uses <name>_pagesbench")
    parser.add_argument("--redis-url", help="REDIS_URL for the shop (shared page cache); default: none")
    parser.add_argument("--cache", default="off,on", help="page cache modes to run: off,on")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration of each measured run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page (the line is the median round)")
    parser.add_argument("--warmup", type=int, default=2, help="wrk duration of each warm-up run")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--ports", default="", help="PORT,FORTUNES_PORT (default: free ports)")
    parser.add_argument("--pages", default="", help="only these pages, e.g. catalog,product (default: all five)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    wrk_path()
    ports = [int(p) for p in args.ports.split(",")] if args.ports else [free_port(), free_port()]
    instance = Instance(Path(tempfile.mkdtemp(prefix="ocop-pages-bench-")), args.database_url)
    print(headline(instance, args))
    instance.prepare()
    urls, missed = pages(instance), False
    if args.pages:
        urls = {name: urls[name] for name in args.pages.split(",")}
    try:
        for cache in args.cache.split(","):
            app, fortunes = serve(instance, cache, *ports, args.redis_url)
            try:
                print(f"\n{instance.kind}, PAGE_CACHE={cache}{', REDIS_URL set' if args.redis_url else ''}"
                      f" (load {loadavg()})")
                print("  page        req/s  p50 ms   p99 ms   fortunes b/a    ratio  rounds' ratios  RSS MiB/w"
                      "  X-Cache        budget")
                for row in measure(app, fortunes, urls, cache, args):
                    print(row, flush=True)
                    missed |= row.startswith("!")
            finally:
                app.stop()
                fortunes.stop()
    finally:
        instance.drop()
    shutil.rmtree(instance.folder)  # kept (with the servers' logs) only when the run failed
    if "product" in urls:
        print(f"\nproduct page: {urls['product']}")
    return 1 if missed else 0


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def headline(instance: Instance, args) -> str:
    load = loadavg()
    return (f"pages_bench {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()}, "
            f"{os.cpu_count()} CPUs, load {load}, Python {platform.python_version()}\n"
            f"{instance.kind}: demo seed + {PRODUCTS:,} generated products; gunicorn -w {WORKERS} --threads {THREADS} "
            f"(shop and fortunes alike) on 127.0.0.1; wrk -t{args.threads} -c{args.connections} -d{args.seconds:g}s "
            f"--latency (warm-up {args.warmup:g}s), {args.rounds} rounds; RATELIMIT_ENABLED=off; OCOP_ENV=development "
            f"(demo seed; no debug, no reloader)\nratio = page req/s / mean of fortunes req/s just before and after "
            f"it, in the round with the median ratio (all rounds' ratios beside it)")


if __name__ == "__main__":
    raise SystemExit(main())
