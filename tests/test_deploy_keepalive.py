"""deploy/: gunicorn keeps idle connections open longer than nginx keeps its upstream ones.

nginx reuses connections to the app (`keepalive` in the upstream) for `keepalive_timeout`
(60 s unless the upstream sets it). If gunicorn closes an idle one first (its default is 2 s),
a request nginx sends on it just then fails, and a POST is not retried: the shopper gets a 502.
The two-server load script met the same race (bench/README.md, "Two servers and load").
"""
from __future__ import annotations

import re
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NGINX_UPSTREAM_KEEPALIVE_TIMEOUT = 60  # nginx's default for upstream keepalive_timeout


def _seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)?", value).groups()
    return int(number) * (60 if unit == "m" else 1)


def test_gunicorn_keeps_connections_longer_than_nginx_reuses_them():
    unit = (DEPLOY / "ocop-web.service").read_text()
    nginx = (DEPLOY / "nginx-ocop.conf").read_text()
    upstream = re.search(r"upstream\s+\w+\s*\{(.*?)\}", nginx, re.S).group(1)
    assert re.search(r"^\s*keepalive\s+\d+;", upstream, re.M), "nginx keeps upstream connections"
    timeout = re.search(r"keepalive_timeout\s+(\w+);", upstream)
    nginx_keeps = _seconds(timeout.group(1)) if timeout else NGINX_UPSTREAM_KEEPALIVE_TIMEOUT
    [command] = re.findall(r"^ExecStart=(.*gunicorn.*)$", unit, re.M)
    keep_alive = re.search(r"--keep-alive[ =](\d+)", command)
    assert keep_alive and int(keep_alive.group(1)) > nginx_keeps
