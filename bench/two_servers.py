"""Two app servers, one PostgreSQL, one Redis, the S3 server and a worker, then the load (issue 13).

Starts the cluster of tests/multi_server.py (its tables emptied, migrated and seeded with the demo
catalog; the Redis database emptied), runs bench/load.py against both instances and stops
everything. The database and Redis are the caller's: use throw-away ones.

    DATABASE_URL=postgresql://postgres@127.0.0.1/ocop_bench REDIS_URL=redis://127.0.0.1:6379/4 \
        .venv/bin/python bench/two_servers.py [--seconds 30] [--users 16] [--workers 1 --threads 4]

Exit status 1 when a request failed or a database check did not hold (bench/load.py).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load  # noqa: E402
from tests.multi_server import servers  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--ports", type=int, nargs=3, help="app A, app B and S3 server ports (free ones if omitted)")
    parser.add_argument("--logs", help="a folder to keep each process's log in")
    args = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        parser.error("set DATABASE_URL (PostgreSQL) and REDIS_URL: throw-away ones, they are emptied")
    with servers(2, database_url=database_url, redis_url=redis_url, ports=args.ports, workers=args.workers,
                 threads=args.threads, base=args.logs) as cluster:
        print(f"Cluster up: A {cluster.url(0)}, B {cluster.url(1)}, gunicorn -w {args.workers} "
              f"--threads {args.threads} each, one RQ worker, logs in {cluster.base}")
        return load.run([cluster.url(0), cluster.url(1)], database_url, args.seconds, args.users)


if __name__ == "__main__":
    sys.exit(main())
