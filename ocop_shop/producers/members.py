"""Producer members: the member list, invitation links, joining by invitation, removal.

Services flush, never commit; the calling view or command commits once.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.services import find_by_login
from ..extensions import db
from ..text import normalize
from ..types import utcnow
from .errors import ProducerError
from .models import MemberInvitation, Producer

MAX_MEMBERS = 5
INVITATION_DAYS = 7


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
