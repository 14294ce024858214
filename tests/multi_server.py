"""Several app servers on one machine, as on several: one PostgreSQL, one Redis, one S3 server.

Starts, each on its own loopback port and in its own process group: the moto S3 server
(UPLOAD_BACKEND=s3), an SMTP sink (tests/smtp_sink.py) the apps send mail to, N gunicorn app
instances with separate instance folders (no shared disk; `--no-control-socket`, since gunicorn
27 opens one control socket per user otherwise) and one RQ worker (`flask --app wsgi jobs worker`).
The database is migrated (`init-db`) and seeded (`seed-demo`, demo accounts in the README) first;
with `reset=True` (the default) every table is emptied before (the schema stays) and so is the
Redis database. Every process runs with OCOP_ENV=development (the demo accounts need demo mode),
one shared SECRET_KEY, JOBS_BACKEND=rq, SEARCH_BACKEND=postgres and rate limits on; `extra_env`
adds or overrides settings. Each app trusts one proxy (TRUSTED_PROXY_COUNT=1), so a client names
its address in X-Forwarded-For, as a load balancer does: rate limits count per named address.

    from tests.multi_server import servers
    with servers(n=2, database_url=PG, redis_url="redis://127.0.0.1:6379/4", extra_env={...}) as cluster:
        cluster.url(0), cluster.url(1)       # "http://127.0.0.1:PORT"
        cluster.kill(0)                      # SIGKILL app 0 (master and workers); cluster.start(0): up again
        cluster.worker.kill(); cluster.worker.start()
        cluster.drain_jobs()                 # wait until the worker has run every job queued so far
        cluster.mail.wait_for(1)             # messages the apps sent (tests/smtp_sink.py)
        cluster.flask("search", "reindex")   # a CLI command against the shared database
        cluster.env                          # the environment every process gets

Every process's output goes to `<base>/<name>.log` (base: a temporary folder unless given).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator
from urllib.request import urlopen

from .smtp_sink import SmtpSink

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECRET_KEY = "two-servers-shared-secret-key-0123456789abcdef"
BUCKET = "ocop-cluster"
# Seconds an idle client connection stays open. Behind a balancer it must outlast the balancer's
# own idle timeout (60 s is common); with gunicorn's 2 s a reused connection can be closed just
# as the next request goes out, and that request fails (the load script saw it under load).
KEEP_ALIVE = 75


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Service:
    """One process (and its children, in its own process group) that can be killed and started again."""

    def __init__(self, name: str, argv: list[str], env: dict, log: Path, ready_url: str | None = None) -> None:
        self.name, self.argv, self.env, self.log, self.ready_url = name, argv, env, log, ready_url
        self.process: subprocess.Popen | None = None

    def start(self, wait: bool = True, timeout: float = 60) -> "Service":
        """Start the process; with `wait`, until its ready URL answers 200."""
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(self.argv, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        if wait and self.ready_url:
            self.wait_ready(timeout)
        return self

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group at once, as a machine that dies (no clean-up runs)."""
        self._signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self, grace: float = 10) -> None:
        if not self.alive:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill()

    def _signal(self, sig: int) -> None:
        with suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, sig)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive:
                raise RuntimeError(f"{self.name} exited:\n{self.tail()}")
            with suppress(OSError):  # not listening yet (URLError is an OSError too)
                with urlopen(self.ready_url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready within {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


class Cluster:
    """The running processes: `apps` (Service per instance), `worker`, `s3`, `mail` (SmtpSink)."""

    def __init__(self, base: Path, env: dict, apps: list[Service], worker: Service, s3: Service,
                 mail: SmtpSink) -> None:
        self.base, self.env, self.apps, self.worker, self.s3, self.mail = base, env, apps, worker, s3, mail

    def url(self, index: int) -> str:
        return self.apps[index].ready_url.rsplit("/", 1)[0]

    def kill(self, index: int) -> None:
        self.apps[index].kill()

    def start(self, index: int) -> None:
        self.apps[index].start()

    def drain_jobs(self, timeout: float = 60) -> None:
        """Queue one `mail send-pending` job and wait until the worker has run it: with one worker
        taking jobs in order, every job queued before it has run too."""
        from redis import Redis
        from rq import Queue

        from ocop_shop import jobs

        queue = Queue(jobs.QUEUE, connection=Redis.from_url(self.env["REDIS_URL"]))
        job = queue.enqueue("ocop_shop.jobs.run_command", "mail send-pending")
        deadline = time.monotonic() + timeout
        while job.get_status(refresh=True) not in ("finished", "failed") and time.monotonic() < deadline:
            time.sleep(0.1)
        if job.get_status(refresh=True) != "finished":
            raise RuntimeError(f"the worker did not run the job within {timeout:.0f} s:\n{self.worker.tail()}")

    def flask(self, *args: str, instance: str = "cli", check: bool = True) -> subprocess.CompletedProcess:
        """Run `flask --app wsgi ARGS` against the shared services (its own instance folder)."""
        env = {**self.env, "OCOP_INSTANCE_DIR": str(self.base / instance)}
        return _flask(env, *args, check=check)


def _flask(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    if check and done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def base_env(database_url: str, redis_url: str, s3_url: str, mail_port: int, extra_env: dict | None) -> dict:
    """What every process of the cluster gets (the caller's environment less its app settings)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("OCOP_", "FLASK_"))}
    env.update(
        OCOP_ENV="development", DEMO_MODE="1", SECRET_KEY=SECRET_KEY, DATABASE_URL=database_url,
        REDIS_URL=redis_url, JOBS_BACKEND="rq", RATELIMIT_ENABLED="1", TRUSTED_PROXY_COUNT="1",
        UPLOAD_BACKEND="s3", S3_BUCKET=BUCKET, S3_ENDPOINT_URL=s3_url, S3_PREFIX="uploads/",
        AWS_ACCESS_KEY_ID="cluster-key", AWS_SECRET_ACCESS_KEY="cluster-secret", AWS_DEFAULT_REGION="us-east-1",
        MAIL_SERVER="127.0.0.1", MAIL_PORT=str(mail_port), MAIL_USE_TLS="0", SEARCH_BACKEND="postgres",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra_env or {})
    return env


def _reset(env: dict) -> None:
    """Empty every table (the schema stays; `init-db` then migrates what is missing) and the Redis db."""
    import redis
    from sqlalchemy import create_engine, inspect, text

    from config import _database_url

    engine = create_engine(_database_url(env["DATABASE_URL"]))
    with engine.begin() as conn:
        tables = [name for name in inspect(conn).get_table_names() if name != "alembic_version"]
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{name}"' for name in tables) + " RESTART IDENTITY CASCADE"))
    engine.dispose()
    redis.Redis.from_url(env["REDIS_URL"]).flushdb()


def _start_s3(base: Path, port: int) -> Service:
    import boto3

    argv = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    s3 = Service("s3", argv, dict(os.environ), base / "s3.log", f"http://127.0.0.1:{port}/moto-api/").start()
    boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                 aws_access_key_id="cluster-key", aws_secret_access_key="cluster-secret").create_bucket(Bucket=BUCKET)
    return s3


def _app(env: dict, base: Path, index: int, port: int, workers: int, threads: int) -> Service:
    folder = base / f"app{index}"
    folder.mkdir(parents=True, exist_ok=True)
    app_env = {**env, "OCOP_INSTANCE_DIR": str(folder), "WEB_CONCURRENCY": str(workers),
               "SITE_URL": f"http://127.0.0.1:{port}"}
    argv = [str(BIN / "gunicorn"), "--no-control-socket", "--workers", str(workers), "--threads", str(threads),
            "--bind", f"127.0.0.1:{port}", "--graceful-timeout", "3", "--keep-alive", str(KEEP_ALIVE), "wsgi:app"]
    return Service(f"app{index}", argv, app_env, base / f"app{index}.log", f"http://127.0.0.1:{port}/readyz")


def _shared_search(env: dict) -> bool:
    """Whether the search index lives in the shared database (SEARCH_BACKEND=postgres, once the app knows it)."""
    from config import Config

    return env.get("SEARCH_BACKEND") == "postgres" and hasattr(Config(), "SEARCH_BACKEND")


def _reindex(envs: list[dict]) -> None:
    """`search reindex`: once for the shared tables (PostgreSQL), or each app's own folder (Whoosh, at once)."""
    runs = [subprocess.Popen([str(BIN / "flask"), "--app", "wsgi", "search", "reindex"], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for env in envs]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        if run.returncode:
            raise RuntimeError(f"search reindex failed:\n{errors}")


def _stop(services: list[Service], grace: float = 10) -> None:
    """SIGTERM to all at once, then SIGKILL to whatever has not exited within `grace` seconds."""
    for service in services:
        if service.alive:
            service._signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for service in services:
        try:
            service.process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            service.kill()


def _prepare(env: dict, folder: Path, seed: bool) -> dict:
    """Migrate and seed the shared database; the environment of command-line runs."""
    cli_env = {**env, "OCOP_INSTANCE_DIR": str(folder / "cli")}
    commands = [["init-db"], ["seed-demo"]] if seed else [["init-db"]]
    script = ("from wsgi import app\nwith app.app_context():\n"
              f"    for args in {commands!r}: app.cli.main(args, prog_name='flask', standalone_mode=False)")
    done = subprocess.run([sys.executable, "-c", script], env=cli_env, cwd=ROOT, capture_output=True, text=True,
                          timeout=600)  # one process: the app is imported once for both commands
    if done.returncode:
        raise RuntimeError(f"init-db / seed-demo failed:\n{done.stdout}\n{done.stderr}")
    return cli_env


@contextmanager
def servers(n: int = 2, *, database_url: str, redis_url: str, extra_env: dict | None = None,
            ports: list[int] | None = None, workers: int = 1, threads: int = 4, reset: bool = True,
            seed: bool = True, base: str | Path | None = None) -> Iterator[Cluster]:
    """Start the cluster (see the module docstring), yield it, stop every process it started.

    `ports`: n app ports then the S3 server's (free ports if omitted); `workers`/`threads`: gunicorn's.
    """
    with tempfile.TemporaryDirectory(prefix="ocop-cluster-") as tmp:
        folder = Path(base or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        ports = list(ports or [free_port() for _ in range(n + 1)])
        mail = SmtpSink().start()
        started: list[Service] = []
        try:
            started.append(_start_s3(folder, ports[n]))
            env = base_env(database_url, redis_url, f"http://127.0.0.1:{ports[n]}", mail.port, extra_env)
            if reset:
                _reset(env)
            apps = [_app(env, folder, i, ports[i], workers, threads) for i in range(n)]
            worker = Service("worker", [str(BIN / "flask"), "--app", "wsgi", "jobs", "worker"],
                             {**env, "OCOP_INSTANCE_DIR": str(folder / "worker")}, folder / "worker.log")
            # They boot while the database is seeded (the worker makes the seed's picture renditions
            # meanwhile) and the index is built; /readyz answers 200 only then.
            for service in (worker, *apps):
                started.append(service.start(wait=False))
            cli_env = _prepare(env, folder, seed)
            _reindex([cli_env] if _shared_search(env) else [app.env for app in apps])
            for app in apps:
                app.wait_ready()
            yield Cluster(folder, env, apps, worker, started[0], mail)
        finally:
            _stop(started)
            mail.stop()
