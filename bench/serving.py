"""gunicorn servers and wrk loads for bench/pages_bench.py (loopback only)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.multi_server import ROOT, Service

WORKERS, THREADS = 2, 4


class Server(Service):
    """One gunicorn master (`-w 2 --threads 4`, no control socket) on 127.0.0.1:port, started at once.

    Process handling (own process group, SIGTERM then SIGKILL, readiness) is the two-server
    harness's `Service`; this adds the worker count and their peak memory.
    """

    def __init__(self, target: str, port: int, env: dict, log: Path) -> None:
        self.url = f"http://127.0.0.1:{port}"
        argv = [str(ROOT / ".venv/bin/gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"),
                "-w", str(WORKERS), "--threads", str(THREADS), "-b", f"127.0.0.1:{port}",
                "--no-control-socket", "--log-level", "warning", target]
        super().__init__(target, argv, env, log)
        self.start(wait=False)

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        """Until `path` answers 200 and every worker has started."""
        deadline = time.monotonic() + timeout
        self.ready_url = self.url + path
        super().wait_ready(timeout)
        while len(self.workers()) < WORKERS:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.name}: {len(self.workers())} of {WORKERS} workers after {timeout} s")
            time.sleep(0.2)

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []

    def reset_peaks(self) -> None:
        """Start each worker's peak resident size afresh (clear_refs 5 resets VmHWM)."""
        for pid in self.workers():
            Path(f"/proc/{pid}/clear_refs").write_text("5")

    def peak_rss_mib(self) -> list[float]:
        """VmHWM of each worker, in MiB."""
        peaks = []
        for pid in self.workers():
            match = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
            peaks.append(int(match.group(1)) / 1024 if match else float("nan"))
        return peaks

    def stop(self, grace: float = 30) -> None:
        super().stop(grace)


def get(url: str) -> tuple[int, dict, bytes]:
    """One plain GET (no cookies), answering status, headers and body."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx answers plus socket errors
    answers: dict  # "status x-cache" -> count, e.g. {"200 hit": 5120, "200 miss": 2}

    def cache_share(self) -> str:
        """The X-Cache values seen, as shares of the answers ('-' when none carried the header)."""
        values: dict[str, int] = {}
        for key, n in self.answers.items():
            value = key.split(" ", 1)[1]
            if value != "none":
                values[value] = values.get(value, 0) + n
        total = sum(self.answers.values())
        return " ".join(f"{v} {n / total:.0%}" for v, n in sorted(values.items(), key=lambda i: -i[1])) or "-"


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (Debian package wrk), then run again.")
    return path


def wrk(url: str, threads: int, connections: int, seconds: float) -> Load:
    """Load one URL with wrk (--latency) from a separate process; parse its report."""
    command = [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s",
               "-s", str(ROOT / "bench/xcache.lua"), url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests = int(_field(r"(\d+) requests in", out))
    answers = {m.group(1): int(m.group(2)) for m in re.finditer(r"^answers: (\d+ \S+) (\d+)$", out, re.M)}
    return Load(rps=float(_field(r"Requests/sec:\s+([\d.]+)", out)),
                p50_ms=_ms(_field(r"^\s+50%\s+(\S+)", out)), p99_ms=_ms(_field(r"^\s+99%\s+(\S+)", out)),
                requests=requests, bad=_bad(out), answers=answers)


def _field(pattern: str, text: str) -> str:
    match = re.search(pattern, text, re.M)
    if not match:
        raise RuntimeError(f"unexpected wrk output:\n{text}")
    return match.group(1)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _bad(text: str) -> int:
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, errors.groups())) if errors else 0)


def free_env(**extra: str) -> dict:
    """The environment for a server: this one minus anything that would point it elsewhere."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY")}
    env.update(extra)
    return env
