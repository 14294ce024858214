"""Redis for tests: skip without it (fail under REQUIRE_REDIS=1), a flushed database, and a burst worker."""
from __future__ import annotations

import os
import signal
import socket

import pytest

from ocop_shop import jobs


def require_redis(why: str) -> None:
    """Skip the test unless Redis answers on 127.0.0.1:6379 (fail instead when REQUIRE_REDIS=1)."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but no Redis answers on 127.0.0.1:6379")
        pytest.skip(why)


def flushed(url: str):
    """For a fixture: the Redis database at url, emptied before and after the test."""
    import redis

    require_redis("no Redis on 127.0.0.1:6379")
    server = redis.Redis.from_url(url)
    server.flushdb()
    yield server
    server.flushdb()


def work_off(app) -> None:
    """What `flask jobs worker --burst` does: rq's SimpleWorker runs every queued job in this process, then stops."""
    from rq import SimpleWorker

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with app.app_context():
            queue = jobs._queue(app)
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
    finally:  # the worker installs its own handlers; give pytest its own back
        for sig, handler in saved.items():
            signal.signal(sig, handler)
