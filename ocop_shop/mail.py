"""Email through an outbox: rows written in the caller's transaction, sent after the commit.

`queue()` adds a row (flush, no commit). Sending never happens inside a request: when a
request's session committed an email, the pending rows are sent once the response has been
handed to the client (WSGI close), on a separate session, and `flask --app wsgi mail
send-pending` (cron) sends whatever is left. A failed send is logged and retried later; it
never fails a request. A row left in `sending` by a worker killed mid-send is claimed again
after SENDING_TIMEOUT. Each email keeps one Message-ID from the moment it is queued, so a
retry after an unknown outcome (the worker died after SMTP accepted) is recognisable as the
same message. Without MAIL_SERVER (development, tests) the log names the email's outbox id and
kind only (never its address, subject or body: logs hold no personal data or secret links).
"""
from __future__ import annotations

import smtplib
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlsplit

import click
from flask import Flask, current_app, g, has_app_context, has_request_context, render_template
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import CheckConstraint, String, Text, and_, event, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from . import jobs
from .extensions import db
from .types import UTCDateTime, utcnow

MAX_ATTEMPTS = 5
SENDING_TIMEOUT = timedelta(minutes=10)  # a row still `sending` after this was left by a dead worker
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
    message_id: Mapped[str | None] = mapped_column(String(255))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


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
    domain = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    row = OutboxEmail(to=to, subject=subject, kind=kind, text=text, html=html, message_id=make_msgid(domain=domain))
    db.session.add(row)
    db.session.flush()
    return row


def _sendable(now: datetime):
    """Pending rows, and rows a dead worker left `sending` longer than SENDING_TIMEOUT."""
    stale = now - SENDING_TIMEOUT
    return or_(OutboxEmail.status == "pending",
               and_(OutboxEmail.status == "sending", or_(OutboxEmail.claimed_at.is_(None), OutboxEmail.claimed_at < stale)))


def send_pending(limit: int = 50, now: datetime | None = None) -> int:
    """Send up to `limit` waiting emails on a separate session; return how many were sent."""
    sent = 0
    now = now or utcnow()
    with Session(db.engine) as session:
        ids = session.scalars(select(OutboxEmail.id).where(_sendable(now)).order_by(OutboxEmail.id).limit(limit)).all()
        for email_id in ids:
            sent += _send_one(session, email_id, now)
    return sent


def _send_one(session: Session, email_id: int, now: datetime) -> int:
    claimed = session.execute(
        update(OutboxEmail).where(OutboxEmail.id == email_id, _sendable(now))
        .values(status="sending", claimed_at=utcnow(), attempts=OutboxEmail.attempts + 1)
    ).rowcount
    session.commit()
    if not claimed:  # another worker has it
        return 0
    row = session.get(OutboxEmail, email_id)
    try:
        deliver(row)
    except Exception as error:  # noqa: BLE001 — any failure is retried later, never raised
        # The error's text can quote the address (a refused recipient): the log names its kind only.
        current_app.logger.warning("Email %s not sent: %s", email_id, type(error).__name__)
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
        # Never the address, subject or body: they hold names, addresses and secret links.
        current_app.logger.info("Email %s (%s): no MAIL_SERVER is set, so it was not sent; read it in the "
                                "outbox_emails table", row.id, row.kind or "email")
        return
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_FROM"], row.to, row.subject
    if row.message_id:
        message["Message-ID"] = row.message_id
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
    """Send what a request queued once its transaction has committed and its response is out."""
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "before_flush", _before_flush)
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _forget)
    app.cli.add_command(mail_cli)

    @app.after_request
    def _send_after_response(response):
        if g.pop("outbox_committed", False):
            # With Redis, a worker sends (ocop_shop/jobs.py); otherwise this process, after the response.
            if not (jobs.enabled() and jobs.enqueue("mail send-pending")):
                flask_app = current_app._get_current_object()
                response.call_on_close(lambda: _send_quietly(flask_app))
        return response


def _send_quietly(app: Flask) -> None:
    """Runs after the response was handed over (WSGI close): the visitor never waits for SMTP."""
    with app.app_context():
        try:
            send_pending()
        except Exception:  # noqa: BLE001 — a failed send never fails anything; cron retries
            app.logger.exception("Sending the email outbox failed")


@mail_cli.command("send-pending")
@click.option("--limit", default=200, help="At most this many emails.")
def send_pending_command(limit: int):
    """Send the emails still waiting in the outbox (cron)."""
    click.echo(f"Sent {send_pending(limit)} email(s).")
