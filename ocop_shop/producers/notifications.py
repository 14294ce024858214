"""Producer notifications: what each one says in the reader's language, recording and emailing
them, marking them read. Services flush, never commit."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..types import utcnow
from .members import members
from .models import Notification, Producer

TEXTS = {
    "producer_approved": _l("The OCOP office approved your producer account. You can now add products."),
    "producer_suspended": _l("The OCOP office suspended your shop: %(reason)s. You can still fulfil open orders."),
    "product_published": _l("“%(name)s” is now public in the shop."),
    "product_sent_back": _l("The office sent “%(name)s” back: %(reason)s"),
    "revision_approved": _l("Your changes to “%(name)s” are now public."),
    "revision_sent_back": _l("The office sent your changes to “%(name)s” back: %(reason)s"),
    "order_new": _l("New order %(number)s to accept."),
    "certificate_expiring": _l("OCOP certificate %(number)s (%(products)s) expires on %(day)s. To keep the OCOP "
                               "stars, contact the OCOP office or your commune to be re-assessed before that day."),
    "booking_new": _l("New booking request for “%(name)s”: %(party)s people on %(day)s."),
    "booking_cancelled": _l("The OCOP office cancelled the booking request for “%(name)s” (%(party)s people on "
                            "%(day)s): %(reason)s"),
}


def message(note: Notification) -> str:
    """The notification's sentence in the current language."""
    return render(note.kind, note.params or {})


def render(kind: str, params: dict) -> str:
    text = TEXTS.get(kind)
    if text is None:
        return kind
    try:
        return str(text) % dict(params)
    except (KeyError, TypeError, ValueError):
        return str(text)


def notify(producer: Producer, kind: str, **params) -> Notification:
    """Record something the producer's members should know: shown on their dashboard and
    emailed (through the outbox, after the commit) to each member who has an address."""
    note = Notification(producer_id=producer.id, kind=kind, params=params)
    db.session.add(note)
    db.session.flush()
    for member in members(producer):
        if member.email and member.active:
            _email_notification(member, kind, params)
    return note


def _email_notification(member: User, kind: str, params: dict) -> None:
    from .. import mail

    lang = member.locale if member.locale in current_app.config["LANGUAGES"] else "vi"
    with mail.in_locale(lang):
        text = render(kind, params)
        subject = _("OCOP Cao Bằng: %(text)s", text=text if len(text) <= 120 else text[:119] + "…")
        mail.queue(member.email, "producer_notification", subject, kind=f"producer_{kind}", text=text,
                   name=member.name, link=f"{current_app.config['SITE_URL']}/{lang}/producer/")


def mark_notifications_read(producer: Producer, now: datetime | None = None) -> int:
    """Mark every unread notification of the producer read; returns how many."""
    notes = list(db.session.scalars(select(Notification).where(
        Notification.producer_id == producer.id, Notification.read_at.is_(None))))
    for note in notes:
        note.read_at = now or utcnow()
    db.session.flush()
    return len(notes)
