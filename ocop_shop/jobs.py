"""Background work on a real queue (RQ on Redis) when REDIS_URL is set; in the process otherwise.

A job here is one of the cron commands the README documents (`mail send-pending`, `orders
expire`, `search sync`, `certificates remind`, `images sweep`): the database rows they work from
(the email outbox, unpaid orders, the search outbox, the reminder table) stay the source of
truth, and each command is idempotent (conditional UPDATEs), so a job run twice, retried or lost
costs nothing: the next scheduled run picks up whatever is left. A picture's renditions are a
job too (ocop_shop/image_jobs.py): there the stored master is the source of truth.

- `enqueue("mail send-pending")`: after a request's commit, instead of sending in the web
  process. Without Redis (the embedded default) the caller does the work in the process.
- `flask --app wsgi jobs worker`: an RQ worker (SimpleWorker: no fork, so the app's database
  pool is never shared across processes) with RQ's scheduler for retries with backoff.
- `flask --app wsgi jobs cron`: RQ's CronScheduler enqueuing SCHEDULE; run one per site (two
  would only enqueue idempotent jobs twice).
Only this module imports rq.
"""
from __future__ import annotations

import logging

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

QUEUE = "ocop"
RETRY_INTERVALS = (10, 30, 60, 300, 900)  # seconds: backoff between attempts of a failed job
JOB_TIMEOUT = 600
SCHEDULE = (  # (command, seconds between runs) or (command, cron string in UTC)
    ("mail send-pending", 60),
    ("search sync", 60),
    ("orders expire", 300),
    ("images sweep", 300),  # renditions of pictures whose job was lost
    ("certificates remind", "0 1 * * *"),  # 08:00 in Việt Nam
)

log = logging.getLogger(__name__)


def enabled(app: Flask | None = None) -> bool:
    """Whether jobs go to the queue (REDIS_URL set and JOBS_BACKEND not 'inline')."""
    config = (app or current_app).config
    return bool(config.get("REDIS_URL")) and config.get("JOBS_BACKEND", "rq") == "rq"


def _queue(app: Flask | None = None):
    from redis import Redis
    from rq import Queue

    app = app or current_app
    return Queue(QUEUE, connection=Redis.from_url(app.config["REDIS_URL"]), default_timeout=JOB_TIMEOUT)


def enqueue(command: str) -> bool:
    """Put a command on the queue; False (and a warning) if Redis cannot take it."""
    return enqueue_call(run_command, command, description=command)


def enqueue_call(func, *args, description: str) -> bool:
    """Put a call of an importable, idempotent function on the queue (retried with backoff); False if Redis cannot take it."""
    from rq import Retry

    try:
        _queue().enqueue(func, *args, retry=Retry(max=len(RETRY_INTERVALS), interval=list(RETRY_INTERVALS)),
                         description=description)
    except Exception as error:  # noqa: BLE001 — the caller falls back to doing it in the process
        log.warning("Job %r not queued: %s", description, type(error).__name__)
        return False
    return True


def run_command(command: str) -> None:
    """The job: run a cron command of the app (inside the worker's app context), on a fresh session."""
    from .extensions import db

    app = current_app._get_current_object()
    group, *names = command.split()
    target = app.cli.get_command(click.Context(app.cli), group)
    for name in names:
        target = target.get_command(click.Context(target), name)
    if target is None:
        raise LookupError(f"no command {command!r}")
    try:
        with click.Context(target, info_name=command) as ctx:
            ctx.invoke(target)
    finally:
        db.session.remove()


@click.group("jobs")
def jobs_cli():
    """Background jobs on Redis (RQ): worker, schedule, one-off runs."""


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (tests, one-off runs).")
@with_appcontext
def worker_command(burst: bool):
    """Run a worker for the app's queue (needs REDIS_URL)."""
    from rq import SimpleWorker

    _require_redis()
    queue = _queue()
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)


@jobs_cli.command("cron")
@with_appcontext
def cron_command():
    """Enqueue the periodic jobs on their schedule (one per site; needs REDIS_URL)."""
    from rq.cron import CronScheduler

    _require_redis()
    scheduler = CronScheduler(connection=_queue().connection, name="ocop-cron")
    for command, every in SCHEDULE:
        timing = {"interval": every} if isinstance(every, int) else {"cron": every}
        scheduler.register(run_command, QUEUE, args=(command,), name=command, job_timeout=JOB_TIMEOUT, **timing)
    scheduler.start()


@jobs_cli.command("enqueue")
@click.argument("command")
@with_appcontext
def enqueue_command(command: str):
    """Queue one run of a command now, e.g. `flask jobs enqueue "orders expire"`."""
    _require_redis()
    if not enqueue(command):
        raise click.ClickException("Redis did not take the job.")
    click.echo(f"Queued {command!r}.")


def _require_redis() -> None:
    if not enabled():
        raise click.ClickException("Jobs need REDIS_URL (and JOBS_BACKEND=rq, the default).")


def init_app(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
