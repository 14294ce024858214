"""Producers: joining, the office's approval, and the profile members keep current.

Services flush, never commit; the calling view or command commits once.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..text import normalize, slugify
from .errors import ProducerError
from .models import Producer
from .notifications import notify

APPLICATION_FIELDS = (
    "name", "kind", "locality_id", "address", "contact_name", "contact_phone", "contact_email",
    "tax_code", "founded", "women_led", "ethnic_group", "identity_public", "value_chain",
    "workers", "trained_workers", "alcohol_licence_number", "alcohol_licence_expires_on",
)
# What a member may change after approval; name, kind and tax code go through the office.
PROFILE_FIELDS = tuple(f for f in APPLICATION_FIELDS if f not in ("name", "kind", "tax_code")) + (
    "ocop_training_on", "exact_location_public")


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
