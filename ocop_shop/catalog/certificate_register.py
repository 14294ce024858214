"""The office's certificate register: record, renew, revoke and update OCOP certificates.

One home for the rules a certificate's facts must meet (Decision 148/QĐ-TTg): the back
office's forms and the CSV import both call `fact_errors`. Every write is audited; services
flush, never commit. Revoking and renewing are one conditional UPDATE each, checked by its
row count, so two office staff acting at once cannot both win.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from .. import audit
from ..extensions import db
from ..producers.models import Producer
from ..text import normalize
from ..types import utcnow
from .certificates import (CERTIFIED_STARS, DISTRICT_LEVEL_ENDS, expiry_for, level_allowed, new_public_code,
                           stars_for_score)
from .models import CERT_LEVELS, Certification, Product

SCORE_BANDS = {3: (50, 69), 4: (70, 89), 5: (90, 100)}  # Decision 148/QĐ-TTg
_SPACES = re.compile(r"\s+")


class CertificateError(ValueError):
    """Facts or a state change refused; `errors` maps a field name ('' for the whole) to a message."""

    def __init__(self, errors: dict[str, str] | str):
        self.errors = errors if isinstance(errors, dict) else {"": errors}
        super().__init__("; ".join(self.errors.values()))


@dataclass
class CertificateFacts:
    """What the office records about one certificate (products already looked up)."""

    number: str
    stars: int
    score: int
    decision: str
    decision_date: date
    level: str
    issued_on: date
    expires_on: date | None  # None: 36 months after the issue date
    producer: Producer | None
    products: list[Product] = field(default_factory=list)

    def completed(self) -> "CertificateFacts":
        """Cleaned text, and the default expiry filled in."""
        return replace(self, number=clean_number(self.number), decision=_SPACES.sub(" ", normalize(self.decision)),
                       expires_on=self.expires_on or expiry_for(self.issued_on))


def clean_number(number: str) -> str:
    """A certificate number as stored: NFC, trimmed, inner spaces collapsed."""
    return _SPACES.sub(" ", normalize(number))


def number_taken(number: str, except_id: int | None = None) -> bool:
    """Whether another certificate has this number (case-blind)."""
    query = select(Certification.id).where(func.upper(Certification.number) == clean_number(number).upper())
    if except_id is not None:
        query = query.where(Certification.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def fact_errors(facts: CertificateFacts, current: Certification | None = None,
                taken: set[str] | None = None) -> dict[str, str]:
    """field → message for each rule the (completed) facts break; empty when they may be recorded.

    `taken`: the upper-cased numbers already on record (except `current`'s), when the caller
    has looked them up for many certificates at once; otherwise the number is looked up here.
    """
    errors: dict[str, str] = {}
    if facts.stars not in CERTIFIED_STARS:
        errors["stars"] = _("Only 3, 4 and 5 stars are certified.")
    elif not 0 <= facts.score <= 100:
        errors["score"] = _("The score is out of 100 points.")
    elif stars_for_score(facts.score) != facts.stars:
        low, high = SCORE_BANDS[facts.stars]
        errors["score"] = _("%(stars)d stars need a score from %(low)d to %(high)d; %(score)d points give %(right)d stars.",
                            stars=facts.stars, low=low, high=high, score=facts.score,
                            right=stars_for_score(facts.score))
    if "stars" not in errors and (message := level_error(facts.level, facts.stars, facts.issued_on)):
        errors["level"] = message
    if facts.expires_on < facts.issued_on:
        errors["expires_on"] = _("The expiry cannot be before the issue date.")
    if (facts.number.upper() in taken if taken is not None
            else number_taken(facts.number, current.id if current else None)):
        errors["number"] = _("A certificate with this number is already on record.")
    if message := _products_error(facts.producer, facts.products):
        errors["products"] = message
    return errors


def level_error(level: str, stars: int, issued_on: date) -> str | None:
    """Why this level may not issue this certificate, or None (Decision 148/QĐ-TTg; districts until 2025-07-01)."""
    if level not in CERT_LEVELS:
        return _("Choose who issued the certificate.")
    if level_allowed(level, stars, issued_on):
        return None
    if stars == 5:
        return _("5-star certificates are issued at the national level only.")
    if level == "national":
        return _("The national level issues 5-star certificates only.")
    if stars != 3:
        return _("A district could certify 3 stars only; 4 stars are issued by the province.")
    return _("Districts issued certificates only before %(date)s; later ones are issued by the province.",
             date=DISTRICT_LEVEL_ENDS.strftime("%d/%m/%Y"))


def _products_error(producer: Producer | None, products: list[Product]) -> str | None:
    if producer is None:
        return _("Choose the producer.")
    if not products:
        return _("Choose at least one product the certificate covers.")
    others = [p for p in products if p.producer_id != producer.id]
    if others:
        return _("%(products)s belongs to another producer, not %(producer)s: one certificate covers one producer's products.",
                 products=", ".join(p.name for p in others), producer=producer.name)
    return None


def _checked(facts: CertificateFacts, current: Certification | None = None) -> CertificateFacts:
    facts = facts.completed()
    errors = fact_errors(facts, current)
    if errors:
        raise CertificateError(errors)
    return facts


def _new(facts: CertificateFacts, public_code: str | None = None) -> Certification:
    certificate = _unflushed(facts, public_code or _free_public_codes(1)[0])
    db.session.flush()
    return certificate


def _unflushed(facts: CertificateFacts, public_code: str) -> Certification:
    certificate = Certification(
        public_code=public_code, number=facts.number, decision=facts.decision,
        decision_date=facts.decision_date, level=facts.level, stars=facts.stars, score=facts.score,
        issued_on=facts.issued_on, expires_on=facts.expires_on, revoked=False)
    certificate.products.extend(_unique(facts.products))
    db.session.add(certificate)
    return certificate


def _free_public_codes(count: int) -> list[str]:
    """`count` new public codes no certificate has (32⁸ codes: a clash is rare, and then drawn again)."""
    codes: set[str] = set()
    while len(codes) < count:
        drawn = {new_public_code() for _ in range(count - len(codes))} - codes
        codes |= drawn - set(db.session.scalars(select(Certification.public_code)
                                                .where(Certification.public_code.in_(drawn))))
    return sorted(codes)


def _unique(products: list[Product]) -> list[Product]:
    return list({p.id: p for p in products}.values())


FACT_FIELDS = ("number", "stars", "score", "decision", "decision_date", "level", "issued_on", "expires_on")


def facts_of(certificate: Certification) -> dict:
    """The recorded facts of a certificate, with its products' slugs (for the audit log)."""
    facts = audit.snapshot(certificate, FACT_FIELDS)
    facts["products"] = sorted(p.slug for p in certificate.products)
    return facts


def record(facts: CertificateFacts, by, reason: str | None = None) -> Certification:
    """Record a new certificate; CertificateError (per field) when a rule is broken."""
    certificate = _new(_checked(facts))
    audit.record(by, "certificate.record", certificate, reason=reason,
                 changes={name: (None, value) for name, value in facts_of(certificate).items()})
    return certificate


def record_many(facts_list: list[CertificateFacts], by, reason: str | None = None) -> list[Certification]:
    """Record many new certificates at once (the register import): the same checks, a few statements."""
    checked = [facts.completed() for facts in facts_list]
    numbers = [facts.number.upper() for facts in checked]
    taken = set(db.session.scalars(select(func.upper(Certification.number))
                                   .where(func.upper(Certification.number).in_(numbers))))
    for facts in checked:
        errors = fact_errors(facts, taken=taken)
        if errors:
            raise CertificateError({name: f"{facts.number}: {message}" for name, message in errors.items()})
        taken.add(facts.number.upper())  # a number twice in the list: the second is refused
    certificates = [_unflushed(facts, code) for facts, code in zip(checked, _free_public_codes(len(checked)))]
    db.session.flush()
    for certificate in certificates:
        audit.record(by, "certificate.record", certificate, reason=reason, flush=False,
                     changes={name: (None, value) for name, value in facts_of(certificate).items()})
    db.session.flush()
    return certificates


def renew(old: Certification, facts: CertificateFacts, by) -> Certification:
    """Record the certificate that supersedes `old`; `old` stays valid until the new one takes effect."""
    facts = _checked(facts)
    if facts.issued_on <= old.issued_on:
        raise CertificateError({"issued_on": _("A renewal is issued after the certificate it replaces (issued on %(date)s).",
                                               date=old.issued_on.strftime("%d/%m/%Y"))})
    certificate = _new(facts)
    won = db.session.execute(
        update(Certification)
        .where(Certification.id == old.id, Certification.revoked.is_(False), Certification.superseded_by_id.is_(None))
        .values(superseded_by_id=certificate.id, superseded_on=certificate.issued_on)
        .execution_options(synchronize_session="fetch")).rowcount
    if not won:
        raise CertificateError(_("This certificate was revoked or renewed meanwhile: nothing was recorded."))
    audit.record(by, "certificate.renew", certificate, reason=_renewal_note(old),
                 changes={"supersedes": (None, old.number),
                          **{name: (None, value) for name, value in facts_of(certificate).items()}})
    return certificate


def _renewal_note(old: Certification) -> str:
    return f"renews {old.number}"


def revoke(certificate: Certification, reason: str, by) -> None:
    """Revoke a certificate with the office's reason; its badge, check page and label say so at once."""
    reason = normalize(reason)
    if not reason:
        raise CertificateError({"reason": _("Please give the reason for revoking.")})
    won = db.session.execute(
        update(Certification).where(Certification.id == certificate.id, Certification.revoked.is_(False))
        .values(revoked=True, revoked_reason=reason, revoked_at=utcnow())
        .execution_options(synchronize_session="fetch")).rowcount
    if not won:
        raise CertificateError(_("This certificate was already revoked."))
    audit.record(by, "certificate.revoke", certificate, changes={"revoked": (False, True)}, reason=reason)


def update_facts(certificate: Certification, facts: CertificateFacts, by, reason: str) -> dict:
    """Change a recorded certificate's facts and products (the CSV import); returns the audited changes."""
    if certificate.revoked:
        raise CertificateError(_("This certificate was revoked; it is not changed."))
    facts = _checked(facts, current=certificate)
    before = facts_of(certificate)
    for name in FACT_FIELDS:
        setattr(certificate, name, getattr(facts, name))
    certificate.products = _unique(facts.products)
    db.session.flush()
    after = facts_of(certificate)
    changes = {name: (before[name], after[name]) for name in before if before[name] != after[name]}
    if "issued_on" in changes:  # the certificate it renewed stays valid until this one takes effect
        db.session.execute(update(Certification).where(Certification.superseded_by_id == certificate.id)
                           .values(superseded_on=certificate.issued_on))
    if changes:
        audit.record(by, "certificate.update", certificate, changes=changes, reason=reason)
    return changes

