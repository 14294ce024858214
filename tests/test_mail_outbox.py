"""The email outbox: sent after the response, never twice under one Message-ID, stale claims retried."""
from __future__ import annotations

import socketserver
import threading
from datetime import timedelta
from email import message_from_bytes

import pytest
from flask import has_request_context
from sqlalchemy import select

from ocop_shop import mail
from ocop_shop.extensions import db
from ocop_shop.mail import OutboxEmail
from ocop_shop.types import utcnow


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, QUIT; keeps each message."""

    def handle(self):
        self.wfile.write(b"220 test SMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = b""
                while (chunk := self.rfile.readline()) != b".\r\n":
                    data += chunk
                self.server.messages.append(message_from_bytes(data))
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server(app):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.server_address[1], MAIL_USE_TLS=False)
    yield server
    server.shutdown()
    server.server_close()


def _queued(to="khach@test.example") -> OutboxEmail:
    row = mail.queue(to, "producer_notification", "Thông báo", kind="test", link="http://localhost/",
                     name="Lan", text="Xin chào")
    db.session.commit()
    return row


def test_each_email_keeps_one_message_id_and_smtp_receives_it(smtp_server):
    row = _queued()
    assert row.message_id and row.message_id.startswith("<") and row.message_id.endswith("@localhost>")
    assert mail.send_pending() == 1
    [message] = smtp_server.messages
    assert message["Message-ID"] == row.message_id
    assert message["To"] == "khach@test.example"


def test_a_row_left_sending_by_a_dead_worker_is_sent_again_after_the_timeout(smtp_server):
    row = _queued()
    row.status, row.claimed_at, row.attempts = "sending", utcnow(), 1  # a worker claimed it, then died
    db.session.commit()
    assert mail.send_pending() == 0  # still someone else's for now
    later = utcnow() + mail.SENDING_TIMEOUT + timedelta(seconds=1)
    assert mail.send_pending(now=later) == 1
    db.session.expire_all()
    row = db.session.get(OutboxEmail, row.id)
    assert (row.status, row.attempts) == ("sent", 2)
    assert [m["Message-ID"] for m in smtp_server.messages] == [row.message_id]  # the same message, recognisable


def test_emails_are_sent_after_the_response_never_inside_the_request(client, factories, make_product, monkeypatch):
    factories.shipping_rules()
    seen = []
    monkeypatch.setattr(mail, "deliver", lambda row: seen.append(has_request_context()))
    from .test_payments import add, details, place

    product = make_product(stock=5)
    db.session.commit()
    add(client, product)
    details(client)
    response, _ = place(client)
    assert response.status_code == 302
    assert seen == [False]  # sent once, after the request context was gone
    db.session.expire_all()
    assert db.session.scalar(select(OutboxEmail.status)) == "sent"
