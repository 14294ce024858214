"""A headless shopper mix against running app servers, then the database checks (issue 13, "Load held").

Each virtual user (asyncio + httpx) repeats visits until the time is up: home, catalog, a
search, a product page, add to cart, and in every other visit the checkout by cash on delivery
(details, review, place). Every request goes to the next server in turn, with one cookie jar
per visit, as behind a load balancer; each visit names its own client address in
X-Forwarded-For (the servers trust one proxy), so the rate limits count per shopper. One
product (the "hot" one) starts with few units and is in every cart, so the last units are
fought over and some checkouts are refused for stock: counted as refused, not as errors.

Printed: requests per second, orders per second, p50/p95/p99 and the errors of each step, the
error rate. Then, in the database: no stock below zero, every order complete (lines, parcels,
sums, address; every acknowledged order found), and every unit taken from stock during the run
is on a line of a live order. Exit status 1 when an error happened or a check failed.

    .venv/bin/python bench/load.py --url http://127.0.0.1:5141 --url http://127.0.0.1:5142 \
        --database-url postgresql://postgres@127.0.0.1/ocop_h4 [--seconds 30] [--users 16]

bench/two_servers.py starts two servers and runs this against them (bench/README.md).
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from tests import cluster_checks  # noqa: E402
from tests.shop_client import (PageError, add_form, checkout_details, place_form, placed_number,  # noqa: E402
                               unique_phone)

STEPS = ("home", "catalog", "search", "product", "add to cart", "checkout form", "details", "review", "place")
QUERIES = ("mật ong", "mat ong", "rượu ngô", "hạt dẻ trùng khánh", "miến dong", "tra", "thổ cẩm", "dao",
           "gạo nếp", "honey", "chestnut", "lap suon")


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {step: [] for step in STEPS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STEPS, 0))
    placed: list[str] = field(default_factory=list)
    refused: int = 0
    visits: int = 0
    broken: int = 0  # answers with the expected status but without the form a shopper needs


class Failed(Exception):
    """A step got an answer no shopper should get (5xx, an unexpected status, a broken connection)."""


class Visit:
    """One shopper's visit: a cookie jar, an address, and the servers taken in turn."""

    def __init__(self, client: httpx.AsyncClient, urls: list[str], stats: Stats, start: int) -> None:
        self.client, self.stats = client, stats
        self.servers = itertools.islice(itertools.cycle(urls), start, None)

    async def step(self, name: str, method: str, path: str, expect: tuple[int, ...], **kwargs) -> httpx.Response:
        begun = time.perf_counter()
        try:
            answer = await self.client.request(method, next(self.servers) + path, **kwargs)
        except httpx.HTTPError as error:
            self.stats.errors[name] += 1
            raise Failed(f"{name}: {type(error).__name__}") from error
        self.stats.latencies[name].append(time.perf_counter() - begun)
        if answer.status_code not in expect:
            self.stats.errors[name] += 1
            raise Failed(f"{name}: HTTP {answer.status_code}")
        return answer


async def browse_and_buy(visit: Visit, goods: list[str], hot: str, buy: bool, seed: int) -> None:
    await visit.step("home", "GET", "/vi/", (200,))
    await visit.step("catalog", "GET", "/vi/products", (200,))
    await visit.step("search", "GET", "/vi/search", (200,), params={"q": random.choice(QUERIES)})
    for slug, quantity in ((random.choice(goods), random.randint(1, 2)), (hot, 1)):
        page = await visit.step("product", "GET", f"/vi/products/{slug}", (200,))
        if 'name="product_id"' in page.text:  # no add-to-cart form once it is sold out
            await visit.step("add to cart", "POST", "/vi/cart/add", (302,), data=add_form(page.text, quantity))
    if buy:
        await check_out(visit, seed)


async def check_out(visit: Visit, seed: int) -> None:
    form = await visit.step("checkout form", "GET", "/vi/checkout", (200, 302))
    if form.status_code == 302:  # the cart sends the shopper back (a product ran out)
        visit.stats.refused += 1
        return
    details = await visit.step("details", "POST", "/vi/checkout", (200, 302),
                               data=checkout_details(form.text, unique_phone(seed), f"buyer{seed}@example.com"))
    if not details.headers.get("location", "").endswith("/checkout/review"):
        visit.stats.refused += 1  # e.g. the hot product sold out while it sat in the cart
        return
    review = await visit.step("review", "GET", "/vi/checkout/review", (200,))
    placed = await visit.step("place", "POST", "/vi/checkout/place", (200, 302), data=place_form(review.text))
    number = placed_number(placed)
    if number:
        visit.stats.placed.append(number)
    else:
        visit.stats.refused += 1


async def user(index: int, urls: list[str], goods: list[str], hot: str, deadline: float, stats: Stats,
               problems: list[str]) -> None:
    for n in itertools.count():
        if time.monotonic() >= deadline:
            return
        address = f"10.{100 + index % 100}.{n // 250 % 250}.{n % 250 + 1}"
        async with httpx.AsyncClient(headers={"X-Forwarded-For": address}, timeout=30) as client:
            stats.visits += 1
            try:
                await browse_and_buy(Visit(client, urls, stats, index + n), goods, hot, n % 2 == 0,
                                     index * 100_000 + n)
            except Failed as failure:
                problems.append(str(failure))
            except PageError as failure:
                stats.broken += 1
                problems.append(str(failure))


def prepare_stock(engine, stock: int, hot_stock: int) -> tuple[list[str], str]:
    """Goods anyone may buy (no liquor, no stays), given `stock` units each; the first is the hot one."""
    with engine.begin() as conn:
        slugs = list(conn.scalars(text("""SELECT slug FROM products p WHERE status = 'published' AND abv IS NULL
            AND NOT EXISTS (SELECT 1 FROM experiences e WHERE e.product_id = p.id) ORDER BY id""")))
        conn.execute(text("UPDATE products SET stock = :stock WHERE slug = ANY(:slugs)"),
                     {"stock": stock, "slugs": slugs[1:]})
        conn.execute(text("UPDATE products SET stock = :stock WHERE slug = :slug"), {"stock": hot_stock, "slug": slugs[0]})
    return slugs[1:], slugs[0]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else float("nan")


def report(stats: Stats, seconds: float, problems: list[str]) -> int:
    """Print the table; the number of errors."""
    requests = sum(len(times) for times in stats.latencies.values())
    errors = sum(stats.errors.values()) + stats.broken
    print(f"{'step':<14}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for step in STEPS:
        times = stats.latencies[step]
        print(f"{step:<14}{len(times):>8}{stats.errors[step]:>8}{percentile(times, .5):>9.1f}"
              f"{percentile(times, .95):>9.1f}{percentile(times, .99):>9.1f}")
    print(f"\n{requests} requests in {seconds:.1f} s: {requests / seconds:.1f} requests/s; "
          f"{stats.visits} visits; {len(stats.placed)} orders placed ({len(stats.placed) / seconds:.1f}/s), "
          f"{stats.refused} checkouts refused for stock")
    print(f"errors: {errors} ({100 * errors / max(requests + errors, 1):.2f}% of requests; "
          f"{stats.broken} of them pages without their form)")
    for problem in sorted(set(problems))[:10]:
        print(f"  {problem} (x{problems.count(problem)})")
    return errors


def check(engine, placed: list[str], before: dict) -> bool:
    """The database after the run: print each check; True when all hold."""
    results = {
        "no stock below zero": cluster_checks.negative_stock(engine),
        "every order in the database complete": cluster_checks.incomplete_orders(engine),
        f"the {len(placed)} acknowledged orders all there": cluster_checks.incomplete_orders(engine, placed),
        "every unit taken from stock is on a live order line": cluster_checks.unaccounted_units(engine, before),
    }
    for name, found in results.items():
        print(f"check: {name}: {'ok' if not found else f'FAILED {found}'}")
    return not any(results.values())


async def warm_up(urls: list[str], goods: list[str], hot: str) -> None:
    """One browsing visit per server, not counted: templates compiled, connections opened."""
    for index in range(len(urls)):
        async with httpx.AsyncClient(headers={"X-Forwarded-For": f"10.99.0.{index + 1}"}, timeout=60) as client:
            for start in range(len(urls)):
                await browse_and_buy(Visit(client, urls, Stats(), index + start), goods, hot, False, 0)


async def run_users(urls: list[str], goods: list[str], hot: str, users: int, seconds: float,
                    stats: Stats, problems: list[str]) -> float:
    """The users' visits until `seconds` have passed (visits under way are finished); the time taken."""
    await warm_up(urls, goods, hot)
    begun = time.monotonic()
    await asyncio.gather(*(user(i, urls, goods, hot, begun + seconds, stats, problems) for i in range(users)))
    return time.monotonic() - begun


def run(urls: list[str], database_url: str, seconds: float = 30, users: int = 16, stock: int = 1000,
        hot_stock: int = 40) -> int:
    """The whole load run against servers already up; the exit status (0: no error, checks held)."""
    from config import _database_url

    engine = create_engine(_database_url(database_url))
    goods, hot = prepare_stock(engine, stock, hot_stock)
    before = cluster_checks.units_held(engine)
    stats, problems = Stats(), []
    print(f"{users} users for {seconds:.0f} s against {', '.join(urls)}; hot product {hot} ({hot_stock} units)")
    taken = asyncio.run(run_users(urls, goods, hot, users, seconds, stats, problems))
    errors = report(stats, taken, problems)
    held = check(engine, stats.placed, before)
    engine.dispose()
    return 0 if held and not errors else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", action="append", required=True, help="an app server (repeat for each)")
    parser.add_argument("--database-url", required=True, help="the servers' PostgreSQL database (for the checks)")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--users", type=int, default=16)
    args = parser.parse_args()
    return run(args.url, args.database_url, args.seconds, args.users)


if __name__ == "__main__":
    sys.exit(main())
