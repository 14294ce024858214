"""Producers: joining, approval, membership, story and notifications.

Services flush, never commit; the calling view or command commits once.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.services import find_by_login
from ..extensions import db
from ..storage import StoredImage
from ..text import normalize, slugify
from ..types import utcnow
from .models import MemberInvitation, Notification, Producer, ProducerPhoto

MAX_MEMBERS = 5
MAX_PHOTOS = 12
INVITATION_DAYS = 7
APPLICATION_FIELDS = (
    "name", "kind", "locality_id", "address", "contact_name", "contact_phone", "contact_email",
    "tax_code", "founded", "women_led", "ethnic_group", "identity_public", "value_chain",
    "workers", "trained_workers", "alcohol_licence_number", "alcohol_licence_expires_on",
)
# What a member may change after approval; name, kind and tax code go through the office.
PROFILE_FIELDS = tuple(f for f in APPLICATION_FIELDS if f not in ("name", "kind", "tax_code")) + (
    "ocop_training_on", "exact_location_public")
STORY_FIELDS = ("story", "excerpt")


class ProducerError(ValueError):
    """A refused producer change; str(error) is shown to the user."""


# --- joining and approval -------------------------------------------------------------

def unique_producer_slug(name: str) -> str:
    base = slugify(name)
    taken = set(db.session.scalars(select(Producer.slug).where(Producer.slug.like(f"{base}%"))))
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def apply(user: User, **fields) -> Producer:
    """A pending producer made from an application; the user becomes its first member."""
    if user.role == "admin":
        raise ProducerError(_("An office account cannot apply as a producer."))
    if user.producer_id is not None:
        raise ProducerError(_("This account already belongs to a producer. An account can belong to only one producer."))
    _check_workers(fields.get("workers", 0), fields.get("trained_workers", 0))
    producer = Producer(status="pending", content={})
    _set_fields(producer, APPLICATION_FIELDS, fields)
    producer.slug = unique_producer_slug(producer.name)
    db.session.add(producer)
    db.session.flush()
    user.producer_id = producer.id
    user.role = "producer"
    db.session.flush()
    return producer


def reapply(producer: Producer, **fields) -> Producer:
    """Correct a rejected application and send it again."""
    if producer.status != "rejected":
        raise ProducerError(_("Only a rejected application can be sent again."))
    _check_workers(fields.get("workers", 0), fields.get("trained_workers", 0))
    _set_fields(producer, APPLICATION_FIELDS, fields)
    producer.status = "pending"
    producer.status_reason = None
    db.session.flush()
    return producer


def approve(producer: Producer) -> None:
    """The office accepts the producer (also lifts a suspension)."""
    if producer.status == "approved":
        raise ProducerError(_("This producer is already approved."))
    producer.status = "approved"
    producer.status_reason = None
    notify(producer, "producer_approved")
    db.session.flush()


def reject(producer: Producer, reason: str) -> None:
    """The office turns an application down, saying why."""
    reason = normalize(reason)
    if not reason:
        raise ProducerError(_("Please give a reason."))
    if producer.status != "pending":
        raise ProducerError(_("Only a pending application can be rejected."))
    producer.status = "rejected"
    producer.status_reason = reason
    db.session.flush()


def suspend(producer: Producer, reason: str) -> None:
    """Take a producer off the storefront; its members may still fulfil open orders."""
    reason = normalize(reason)
    if not reason:
        raise ProducerError(_("Please give a reason."))
    if producer.status != "approved":
        raise ProducerError(_("Only an approved producer can be suspended."))
    producer.status = "suspended"
    producer.status_reason = reason
    notify(producer, "producer_suspended", reason=reason)
    db.session.flush()


def update_profile(producer: Producer, **fields) -> None:
    """Change what members may keep current themselves (contacts, workers, licence…)."""
    _check_workers(fields.get("workers", producer.workers), fields.get("trained_workers", producer.trained_workers))
    _set_fields(producer, PROFILE_FIELDS, fields)
    db.session.flush()


def _set_fields(producer: Producer, allowed: tuple[str, ...], fields: dict) -> None:
    for key, value in fields.items():
        if key not in allowed:
            raise ProducerError(_("Unknown producer field: %(field)s", field=key))
        setattr(producer, key, normalize(value) or None if isinstance(value, str) else value)
    if not producer.name:
        raise ProducerError(_("Please enter the producer's name."))


def _check_workers(workers: int | None, trained: int | None) -> None:
    if (trained or 0) > (workers or 0):
        raise ProducerError(_("Trained workers cannot be more than all workers."))


# --- members and invitations ----------------------------------------------------------

def members(producer: Producer) -> list[User]:
    return list(db.session.scalars(select(User).where(User.producer_id == producer.id).order_by(User.id)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(producer: Producer, by: User, name: str, phone: str | None, email: str | None,
                  now: datetime | None = None) -> tuple[MemberInvitation, str]:
    """An invitation link for another member; returns it and the token (shown once, stored hashed)."""
    now = now or utcnow()
    count = db.session.scalar(select(func.count()).select_from(User).where(User.producer_id == producer.id))
    if count >= MAX_MEMBERS:
        raise ProducerError(_("A producer can have at most %(n)d members.", n=MAX_MEMBERS))
    for login in (phone, email):
        existing = find_by_login(login) if login else None
        if existing is not None and existing.producer_id is not None:
            raise ProducerError(_("This person already belongs to a producer. An account can belong to only one producer."))
    token = secrets.token_urlsafe(24)
    invitation = MemberInvitation(producer_id=producer.id, token_hash=_hash(token), name=normalize(name),
                                  phone=phone or None, email=(email or "").lower() or None,
                                  invited_by_id=by.id, created_at=now,
                                  expires_at=now + timedelta(days=INVITATION_DAYS))
    db.session.add(invitation)
    db.session.flush()
    return invitation, token


def open_invitation(token: str, now: datetime | None = None) -> MemberInvitation | None:
    """The open invitation for a link's token, or None (unknown, used or expired)."""
    if not token or len(token) > 100:
        return None
    invitation = db.session.scalar(select(MemberInvitation).where(MemberInvitation.token_hash == _hash(token)))
    if invitation is None or not invitation.is_open(now or utcnow()):
        return None
    return invitation


def accept_invitation(invitation: MemberInvitation, user: User, now: datetime | None = None) -> None:
    """The invited person joins the producer with this account."""
    if user.producer_id is not None:
        raise ProducerError(_("This account already belongs to a producer. An account can belong to only one producer."))
    if user.role == "admin":
        raise ProducerError(_("An office account cannot join a producer."))
    user.producer_id = invitation.producer_id
    user.role = "producer"
    invitation.accepted_at = now or utcnow()
    invitation.accepted_by_id = user.id
    db.session.flush()


def revoke_invitation(invitation: MemberInvitation) -> None:
    db.session.delete(invitation)
    db.session.flush()


def remove_member(producer: Producer, member: User, by: User) -> None:
    """Take a member out of the producer; the account stays, as a customer account."""
    if member.id == by.id:
        raise ProducerError(_("You cannot remove yourself."))
    if member.producer_id != producer.id:
        raise ProducerError(_("This person is not a member."))
    member.producer_id = None
    member.role = "customer"
    db.session.flush()


# --- story and photos -----------------------------------------------------------------

def clean_story(content: dict) -> dict:
    """NFC-normalised story fields per language; empty fields and languages dropped."""
    cleaned = {}
    for lang, values in (content or {}).items():
        kept = {k: normalize(v) for k, v in (values or {}).items() if k in STORY_FIELDS and normalize(v)}
        if kept:
            cleaned[lang] = kept
    return cleaned


def update_story(producer: Producer, content: dict) -> None:
    """Set the story and short introduction per language (no review: it is the producer's own voice)."""
    producer.content = clean_story(content)
    db.session.flush()


def add_photo(producer: Producer, stored: StoredImage, alt: dict) -> ProducerPhoto:
    count = db.session.scalar(select(func.count()).select_from(ProducerPhoto)
                              .where(ProducerPhoto.producer_id == producer.id))
    if count >= MAX_PHOTOS:
        raise ProducerError(_("You can keep at most %(n)d photos. Remove one first.", n=MAX_PHOTOS))
    last = db.session.scalar(select(func.max(ProducerPhoto.position)).where(ProducerPhoto.producer_id == producer.id))
    photo = ProducerPhoto(producer_id=producer.id, key=stored.key, width=stored.width, height=stored.height,
                          alt=_clean_alt(alt), position=(last or 0) + 1)
    db.session.add(photo)
    db.session.flush()
    return photo


def set_photo_alt(photo: ProducerPhoto, alt: dict) -> None:
    photo.alt = _clean_alt(alt)
    db.session.flush()


def move_photo(photo: ProducerPhoto, offset: int) -> None:
    """Move a photo one place earlier (-1) or later (+1) in the story."""
    photos = list(db.session.scalars(select(ProducerPhoto).where(ProducerPhoto.producer_id == photo.producer_id)
                                     .order_by(ProducerPhoto.position, ProducerPhoto.id)))
    index = photos.index(photo)
    target = min(max(index + offset, 0), len(photos) - 1)
    photos.insert(target, photos.pop(index))
    for position, item in enumerate(photos, start=1):
        item.position = position
    db.session.flush()


def remove_photo(photo: ProducerPhoto) -> str:
    """Delete the photo's row; returns its storage key for deleting the files after commit."""
    key = photo.key
    db.session.delete(photo)
    db.session.flush()
    return key


def _clean_alt(alt: dict) -> dict:
    return {lang: normalize(text) for lang, text in (alt or {}).items() if normalize(text)}


# --- notifications --------------------------------------------------------------------

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
    from .notifications import render

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
