"""A picture's WebP renditions as a job: made in the request (embedded default) or by a worker.

In the request, storage.save_image checks the upload (a bad one is refused there, with its
message) and cleans it. Then:

- jobs on Redis (`jobs.enabled()`): the cleaned master goes to the upload store as
  `<key>-master.webp` and a job `storage.make_renditions(key)` is queued at once. It reads no database
  row, only the master, so it need not wait for the request's commit (a photo kept on a form
  that failed validation is never committed, and is shown all the same). Until the renditions
  exist, /media/<key>-<width>.webp answers with the master (not cached), never a broken image.
- otherwise (no REDIS_URL, JOBS_BACKEND=inline, or Redis refusing the job): the renditions are
  written before the request answers, as always.

The job is idempotent: renditions come from the master's pixels (the same bytes each run, each
file replaced whole), and the master is deleted only after the last one is written, so a job run
twice, retried, or stopped half-way is harmless. A master still stored is a job not done: `flask
--app wsgi images sweep` (on the jobs schedule every five minutes) makes what a lost job did not.
"""
from __future__ import annotations

import logging

import click
from flask.cli import with_appcontext

from . import storage

log = logging.getLogger(__name__)


def sweep() -> int:
    """Make the renditions of every picture whose master is still stored; how many were made."""
    made = 0
    for key in storage.pending_keys():
        try:
            made += storage.make_renditions(key)
        except Exception:  # noqa: BLE001 — one unreadable master must not stop the others
            log.exception("Renditions of %s not made", key)
    return made


@click.group("images")
def images_cli():
    """Uploaded pictures: renditions left to make."""


@images_cli.command("sweep")
@with_appcontext
def sweep_command():
    """Make the renditions a lost or failed job left undone (idempotent; on the jobs schedule)."""
    click.echo(f"Renditions made for {sweep()} picture(s).")
