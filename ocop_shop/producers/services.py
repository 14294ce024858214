"""Producers: joining, the office's approval, and the profile members keep current.

Services flush, never commit; the calling view or command commits once.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update

from .. import audit
from ..accounts.models import User
from ..audit import changes_since, snapshot
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
# What a member may change after approval; name, kind, tax code and the alcohol licence go
# through the office (the licence decides whether liquor may be sold: the office checks it).
OFFICE_KEPT = ("name", "kind", "tax_code", "alcohol_licence_number", "alcohol_licence_expires_on")
PROFILE_FIELDS = tuple(f for f in APPLICATION_FIELDS if f not in OFFICE_KEPT) + (
    "ocop_training_on", "exact_location_public", "lat", "lon")


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


# --- the office's decisions: one conditional UPDATE each, so of two at once exactly one wins ---

DECISION_FIELDS = ("status", "status_reason")


def approve(producer: Producer, by=None) -> None:
    """The office accepts the producer (also lifts a suspension); `by` None: a command."""
    _decide(producer, "approved", ("pending", "suspended"), None, by, "producer.approve",
            _("This producer is already approved."), _("Only a pending or suspended producer can be approved."))
    notify(producer, "producer_approved")


def reject(producer: Producer, reason: str, by=None) -> None:
    """The office turns an application down, saying why (the applicant reads it in the portal)."""
    _decide(producer, "rejected", ("pending",), _reason(reason), by, "producer.reject",
            _("This application has already been rejected."), _("Only a pending application can be rejected."))


def suspend(producer: Producer, reason: str, by=None) -> None:
    """Take a producer off the storefront; its members may still fulfil open orders."""
    reason = _reason(reason)
    _decide(producer, "suspended", ("approved",), reason, by, "producer.suspend",
            _("This producer is already suspended."), _("Only an approved producer can be suspended."))
    notify(producer, "producer_suspended", reason=reason)


def _reason(reason: str | None) -> str:
    reason = normalize(reason or "")
    if not reason:
        raise ProducerError(_("Please give a reason."))
    return reason


def _decide(producer: Producer, to: str, allowed: tuple[str, ...], reason: str | None, by, action: str,
            same_message: str, refused_message: str) -> None:
    """Move the producer to `to` only if its status is still one of `allowed` (checked by the database)."""
    db.session.flush()
    before = snapshot(producer, DECISION_FIELDS)
    won = db.session.execute(
        update(Producer).where(Producer.id == producer.id, Producer.status.in_(allowed))
        .values(status=to, status_reason=reason).execution_options(synchronize_session=False)).rowcount
    db.session.refresh(producer, list(DECISION_FIELDS))
    if not won:
        raise ProducerError(same_message if producer.status == to else refused_message)
    audit.record(by, action, producer, changes=changes_since(before, producer), reason=reason)


# --- the office edits the record -----------------------------------------------------------

# Every fact of the record; the slug stays (public links), the status changes only by a decision.
OFFICE_FIELDS = APPLICATION_FIELDS[:APPLICATION_FIELDS.index("alcohol_licence_number")] + (
    "ocop_training_on", "exact_location_public")
LICENCE_FIELDS = ("alcohol_licence_number", "alcohol_licence_issuer", "alcohol_licence_expires_on")


def office_update(producer: Producer, by, **fields) -> dict:
    """The office corrects the record; returns {field: (old, new)} and audits it (nothing changed: no row)."""
    _check_workers(fields.get("workers", producer.workers), fields.get("trained_workers", producer.trained_workers))
    return _audited_change(producer, by, "producer.edit", OFFICE_FIELDS, fields)


def set_alcohol_licence(producer: Producer, by, number: str, issuer: str, expires_on) -> dict:
    """Record the producer's alcohol licence as the office checked it (all three facts needed)."""
    fields = dict(alcohol_licence_number=normalize(number or ""), alcohol_licence_issuer=normalize(issuer or ""),
                  alcohol_licence_expires_on=expires_on)
    if not all(fields.values()):
        raise ProducerError(_("Please enter the licence number, who issued it and its expiry date."))
    return _audited_change(producer, by, "producer.licence", LICENCE_FIELDS, fields)


def _audited_change(producer: Producer, by, action: str, allowed: tuple[str, ...], fields: dict) -> dict:
    before = snapshot(producer, allowed)
    _set_fields(producer, allowed, fields)
    changes = changes_since(before, producer)
    if changes:
        db.session.flush()
        audit.record(by, action, producer, changes=changes)
    return changes


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
