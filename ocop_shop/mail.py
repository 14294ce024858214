"""Email through an outbox: rows written in the caller's transaction, sent after the commit.

`queue()` adds a row (flush, no commit). After a request whose session committed, the
pending rows are sent on a separate session; a failed send is logged and retried later by
`flask --app wsgi mail send-pending` (cron). It never fails the request. Without
MAIL_SERVER (development, tests) an email is written to the log instead of sent.
"""
from __future__ import annotations

import smtplib
from contextlib import contextmanager
from datetime import datetime
from email.message import EmailMessage

import click
from flask import Flask, current_app, g, has_app_context, has_request_context, render_template
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import CheckConstraint, String, Text, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .extensions import db
from .types import UTCDateTime, utcnow

MAX_ATTEMPTS = 5
mail_cli = AppGroup("mail", help="Send the email outbox.")


class OutboxEmail(db.Model):
    __tablename__ = "outbox_emails"
    __table_args__ = (CheckConstraint("status IN ('pending', 'sending', 'sent', 'failed')", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(40), default="", index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


@contextmanager
def in_locale(lang: str):
    """Render in a given language (Babel and the |vnd filter), e.g. an order's locale."""
    previous = getattr(g, "lang", None)
    g.lang = lang
    try:
        with force_locale(lang):
            yield
    finally:
        g.lang = previous


@contextmanager
def _request_context():
    """Templates expect a request; a command (cron) gets one for SITE_URL."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context("/", base_url=current_app.config["SITE_URL"]):
        yield


def queue(to: str, template: str, subject: str, kind: str = "", **context) -> OutboxEmail:
    """Render emails/<template>.txt and .html in the current locale and add an outbox row."""
    with _request_context():
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", subject=subject, **context)
    row = OutboxEmail(to=to, subject=subject, kind=kind, text=text, html=html)
    db.session.add(row)
    db.session.flush()
    return row


def send_pending(limit: int = 50) -> int:
    """Send up to `limit` pending emails on a separate session; return how many were sent."""
    sent = 0
    with Session(db.engine) as session:
        ids = session.scalars(
            select(OutboxEmail.id).where(OutboxEmail.status == "pending").order_by(OutboxEmail.id).limit(limit)
        ).all()
        for email_id in ids:
            sent += _send_one(session, email_id)
    return sent


def _send_one(session: Session, email_id: int) -> int:
    claimed = session.execute(
        update(OutboxEmail).where(OutboxEmail.id == email_id, OutboxEmail.status == "pending")
        .values(status="sending", attempts=OutboxEmail.attempts + 1)
    ).rowcount
    session.commit()
    if not claimed:  # another worker has it
        return 0
    row = session.get(OutboxEmail, email_id)
    try:
        deliver(row)
    except Exception as error:  # noqa: BLE001 — any failure is retried later, never raised
        current_app.logger.warning("Email %s not sent: %s", email_id, error)
        row.status = "failed" if row.attempts >= MAX_ATTEMPTS else "pending"
        row.last_error = str(error)[:2000]
        session.commit()
        return 0
    row.status, row.sent_at, row.last_error = "sent", utcnow(), None
    session.commit()
    return 1


def deliver(row: OutboxEmail) -> None:
    """Hand one email to SMTP, or to the log when no MAIL_SERVER is configured."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.info("Email to %s: %s\n%s", row.to, row.subject, row.text)
        return
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_FROM"], row.to, row.subject
    message.set_content(row.text)
    if row.html:
        message.add_alternative(row.html, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _before_flush(session, flush_context, instances) -> None:
    if any(isinstance(obj, OutboxEmail) for obj in session.new):
        session.info["outbox_queued"] = True


def _after_commit(session) -> None:
    if session.info.pop("outbox_queued", False) and has_app_context():
        g.outbox_committed = True


def _forget(session) -> None:
    session.info.pop("outbox_queued", None)


def init_app(app: Flask) -> None:
    """Send what a request queued once its transaction has committed."""
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "before_flush", _before_flush)
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _forget)
    app.cli.add_command(mail_cli)

    @app.after_request
    def _send_after_commit(response):
        if g.pop("outbox_committed", False):
            try:
                send_pending()
            except Exception:  # noqa: BLE001 — a failed send never fails the request
                current_app.logger.exception("Sending the email outbox failed")
        return response


@mail_cli.command("send-pending")
@click.option("--limit", default=200, help="At most this many emails.")
def send_pending_command(limit: int):
    """Send the emails still waiting in the outbox (cron)."""
    click.echo(f"Sent {send_pending(limit)} email(s).")
