"""flask --app wsgi producers …: the office's decisions from the command line.

Thin wrappers over producers.services, the same functions the back office calls: each decision
is a conditional UPDATE and writes an audit row (by=None: the command line).
"""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from . import services
from .errors import ProducerError
from .models import Producer

producers = AppGroup("producers", help="Approve, reject or suspend producers.")


def _producer(slug: str) -> Producer:
    producer = db.session.scalar(select(Producer).where(Producer.slug == slug))
    if producer is None:
        raise click.ClickException(f"No producer with the slug {slug!r}.")
    return producer


def _run(action, producer: Producer, *args) -> None:
    try:
        action(producer, *args, by=None)
    except ProducerError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()


@producers.command("list")
@click.option("--status", type=click.Choice(["pending", "approved", "rejected", "suspended"]))
def list_producers(status: str | None):
    """List producers (slug, status, name), pending ones first."""
    query = select(Producer).order_by(Producer.status != "pending", Producer.name)
    if status:
        query = query.where(Producer.status == status)
    for producer in db.session.scalars(query):
        click.echo(f"{producer.slug}\t{producer.status}\t{producer.name}")


@producers.command("approve")
@click.argument("slug")
def approve(slug: str):
    """Approve a pending producer (or lift a suspension): its members can use the portal."""
    producer = _producer(slug)
    _run(services.approve, producer)
    click.echo(f"Approved: {producer.name}")


@producers.command("reject")
@click.argument("slug")
@click.option("--reason", required=True, help="Shown to the applicant.")
def reject(slug: str, reason: str):
    """Reject a pending application, with the reason the applicant will read."""
    producer = _producer(slug)
    _run(services.reject, producer, reason)
    click.echo(f"Rejected: {producer.name}")


@producers.command("suspend")
@click.argument("slug")
@click.option("--reason", required=True, help="Shown to the producer's members.")
def suspend(slug: str, reason: str):
    """Suspend an approved producer: its products leave the shop; open orders can still be fulfilled."""
    producer = _producer(slug)
    _run(services.suspend, producer, reason)
    click.echo(f"Suspended: {producer.name}")
