"""Renewal reminders for OCOP certificates (DESIGN §2: at 90 and at 30 days before expiry).

`flask --app wsgi certificates remind` runs daily. For every certificate valid today whose
expiry is at most 90 days away, each approved producer whose products it covers gets one
portal notification (emailed to members with an address) per threshold. What was sent is
stored in `certificate_reminders`, so a re-run, or the next day's run, sends nothing twice;
a certificate first seen inside 30 days gets only the 30-day reminder.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import click
from flask.cli import AppGroup
from sqlalchemy import CheckConstraint, ForeignKey, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, selectinload

from ..extensions import db
from ..producers.models import Producer
from ..producers.notifications import notify
from ..timeutil import local_today
from ..types import UTCDateTime, utcnow
from .certificates import REMINDER_DAYS
from .models import Certification, Product

NOTIFICATION_KIND = "certificate_expiring"
certificates_cli = AppGroup("certificates", help="OCOP certificate chores (cron).")


class CertificateReminder(db.Model):
    """A renewal reminder sent to one producer for one certificate at one threshold (days)."""

    __tablename__ = "certificate_reminders"
    __table_args__ = (
        UniqueConstraint("certification_id", "producer_id", "threshold",
                         name="uq_certificate_reminders_certification_producer_threshold"),
        CheckConstraint("threshold IN (90, 30)", name="threshold"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    certification_id: Mapped[int] = mapped_column(ForeignKey("certifications.id", ondelete="CASCADE"))  # led by the unique
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    threshold: Mapped[int]
    sent_on: Mapped[date]  # the day in Asia/Ho_Chi_Minh
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class Reminder:
    """One reminder sent by a run (for the command's summary)."""

    number: str
    producer: str
    threshold: int
    expires_on: date


def due_threshold(certification: Certification, today: date) -> int | None:
    """The smallest reminder threshold (90 or 30 days) the certificate is inside today, if valid."""
    if not certification.is_valid(today):
        return None
    days_left = (certification.expires_on - today).days
    inside = [days for days in REMINDER_DAYS if days_left <= days]
    return min(inside) if inside else None


def send_reminders(today: date | None = None) -> list[Reminder]:
    """Notify producers of certificates reaching a reminder threshold; flush, never commit."""
    today = today or local_today()
    sent: list[Reminder] = []
    for certification in _expiring(today):
        threshold = due_threshold(certification, today)
        if threshold is None:
            continue
        for producer, products in _producers_of(certification):
            if _already_sent(certification, producer, threshold):
                continue
            _remind(certification, producer, products, threshold, today)
            sent.append(Reminder(certification.number, producer.name, threshold, certification.expires_on))
    return sent


def _expiring(today: date) -> list[Certification]:
    """Certificates valid today, not yet renewed, whose expiry is at most the largest threshold away."""
    horizon = today + timedelta(days=max(REMINDER_DAYS))
    return list(db.session.scalars(
        select(Certification).where(Certification.valid_on(today), Certification.expires_on <= horizon,
                                    Certification.superseded_by_id.is_(None))  # renewed: nothing to remind
        .options(selectinload(Certification.products)).order_by(Certification.expires_on, Certification.id)))


def _producers_of(certification: Certification) -> list[tuple[Producer, list[Product]]]:
    """Approved producers whose products the certificate covers, each with those products."""
    by_producer: dict[int, list[Product]] = {}
    for product in sorted(certification.products, key=lambda p: p.id):
        by_producer.setdefault(product.producer_id, []).append(product)
    producers = db.session.scalars(select(Producer).where(
        Producer.id.in_(by_producer), Producer.status == "approved").order_by(Producer.id))
    return [(producer, by_producer[producer.id]) for producer in producers]


def _already_sent(certification: Certification, producer: Producer, threshold: int) -> bool:
    """A reminder at this threshold, or at a nearer one (first seen inside 30 days), was sent."""
    return db.session.scalar(select(CertificateReminder.id).where(
        CertificateReminder.certification_id == certification.id,
        CertificateReminder.producer_id == producer.id,
        CertificateReminder.threshold <= threshold).limit(1)) is not None


def _remind(certification: Certification, producer: Producer, products: list[Product], threshold: int,
            today: date) -> None:
    db.session.add(CertificateReminder(certification_id=certification.id, producer_id=producer.id,
                                       threshold=threshold, sent_on=today))
    names = ", ".join(product.text("name", "vi") for product in products)
    notify(producer, NOTIFICATION_KIND, number=certification.number, products=names,
           day=certification.expires_on.strftime("%d/%m/%Y"), threshold=threshold,
           certification_id=certification.id)


@certificates_cli.command("remind")
@click.option("--today", "today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Act as if today were this day (YYYY-MM-DD; checks and tests).")
def remind_command(today: datetime | None):
    """Send the 90- and 30-day renewal reminders due today (cron, daily); each is sent once."""
    sent = send_reminders(today.date() if today else None)
    db.session.commit()
    if not sent:
        click.echo("No reminders due.")
        return
    _send_emails()
    click.echo(f"{len(sent)} reminder(s): " + "; ".join(
        f"{r.number} ({r.threshold} days, expires {r.expires_on.isoformat()}) to {r.producer}" for r in sent))


def _send_emails() -> None:
    """Send the queued emails now, as a request does after its commit; cron's `mail send-pending` retries."""
    from flask import current_app

    from ..mail import send_pending

    try:
        send_pending()
    except Exception:  # noqa: BLE001 — the reminders are committed; the outbox keeps the emails
        current_app.logger.exception("Sending the email outbox failed")
