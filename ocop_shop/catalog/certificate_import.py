"""Import the office's existing certificate register from a CSV file (docs/CERTIFICATE_IMPORT.md).

`plan_import` is the dry run: it reads and checks every row and says what would happen
(create, update, unchanged, or an error with its reason), writing nothing. `apply_import`
writes a plan without a single error; the caller commits once, so the import is all or
nothing. The same checks as the back office's form apply (`certificate_register.fact_errors`).
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..extensions import db
from ..producers.models import Producer
from ..text import fold, normalize
from .certificate_register import (CertificateError, CertificateFacts, clean_number, fact_errors, record_many,
                                   update_facts)
from .models import Certification, Product

COLUMNS = ("number", "stars", "score", "decision_number", "decision_date", "level", "issued_on", "expires_on",
           "producer", "products")
OPTIONAL = {"expires_on"}
MAX_ROWS = 5000
LEVEL_WORDS = {"province": "province", "tinh": "province", "cap tinh": "province", "district": "district",
               "huyen": "district", "cap huyen": "district", "national": "national", "trung uong": "national",
               "cap trung uong": "national", "quoc gia": "national", "cap quoc gia": "national"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class RowPlan:
    """What the import would do with one row of the file."""

    line: int  # the row's number in the file, the header being row 1
    number: str
    action: str = "error"  # create | update | unchanged | error
    errors: list[str] = field(default_factory=list)
    facts: CertificateFacts | None = None
    existing: Certification | None = None


@dataclass
class ImportPlan:
    """The dry run of a whole file: errors about the file, then one plan per row."""

    file_errors: list[str] = field(default_factory=list)
    rows: list[RowPlan] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and all(row.action != "error" for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def digest(self) -> str:
        """A fingerprint of what the dry run showed (to notice a register that changed before the confirm)."""
        shown = "\n".join(f"{row.line}:{row.action}:{row.number}" for row in self.rows)
        return hashlib.sha256(shown.encode()).hexdigest()


def plan_import(data: bytes) -> ImportPlan:
    """The dry run: decode, read the header and check every row against the register. Writes nothing."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        return ImportPlan([_("Row %(line)d is not UTF-8 text. Save the file as “CSV UTF-8” and upload it again.",
                             line=line)])
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        return ImportPlan([_("The file is empty.")])
    header_errors = _header_errors(records[0])
    if header_errors:
        return ImportPlan(header_errors)
    header = [normalize(name).lower() for name in records[0]]
    rows = [(line, dict(zip(header, cells)), len(cells)) for line, cells in enumerate(records[1:], start=2)
            if any(normalize(cell) for cell in cells)]
    if not rows:
        return ImportPlan([_("The file has a header but no rows.")])
    if len(rows) > MAX_ROWS:
        return ImportPlan([_("The file has %(count)d rows; import at most %(max)d at a time.",
                             count=len(rows), max=MAX_ROWS)])
    return ImportPlan(rows=_plan_rows(rows, len(header)))


def _header_errors(header: list[str]) -> list[str]:
    names = [normalize(name).lower() for name in header]
    missing = [name for name in COLUMNS if name not in names]
    unknown = [name for name in names if name not in COLUMNS]
    repeated = sorted({name for name in names if names.count(name) > 1})
    errors = []
    if missing:
        errors.append(_("The header lacks the column(s): %(names)s.", names=", ".join(missing)))
    if unknown:
        errors.append(_("The header has unknown column(s): %(names)s.", names=", ".join(unknown)))
    if repeated:
        errors.append(_("The header repeats the column(s): %(names)s.", names=", ".join(repeated)))
    if errors:
        errors.append(_("The first row must name these columns: %(names)s.", names=", ".join(COLUMNS)))
    return errors


class _Lookups:
    """Producers, products and recorded certificates the file names, loaded in a few queries."""

    def __init__(self, rows: list[tuple[int, dict, int]]):
        numbers = {clean_number(cells.get("number", "")).upper() for _line, cells, _n in rows}
        self.certificates = {c.number.upper(): c for c in db.session.scalars(
            select(Certification).where(func.upper(Certification.number).in_(numbers))
            .options(selectinload(Certification.products)))}
        self.producers = list(db.session.scalars(select(Producer)))
        self.by_slug = {p.slug: p for p in self.producers}
        self.by_name = {}
        for producer in self.producers:
            self.by_name.setdefault(fold(producer.name), []).append(producer)
        tokens = {token for _line, cells, _n in rows for token in _product_tokens(cells.get("products", ""))}
        keys = {normalize(cells.get("producer", "")) for _line, cells, _n in rows}
        named = {fold(key) for key in keys}
        referenced = [p.id for p in self.producers if p.slug in keys or fold(p.name) in named]
        self.products = list(db.session.scalars(select(Product).where(
            or_(Product.slug.in_(tokens), Product.producer_id.in_(referenced)))))
        self.product_by_slug = {p.slug: p for p in self.products}

    def numbers_except(self, certificate: Certification | None) -> set[str]:
        """The file's numbers already on record (upper-cased), but the given certificate's own."""
        return {number for number, found in self.certificates.items() if found is not certificate}

    def producer(self, key: str) -> Producer | list[Producer] | None:
        key = normalize(key)
        return self.by_slug.get(key) or _one_or_all(self.by_name.get(fold(key), []))

    def product(self, token: str, producer: Producer) -> Product | None:
        found = self.product_by_slug.get(token)
        if found is not None:
            return found
        named = [p for p in self.products if p.producer_id == producer.id and fold(p.text("name", "vi")) == fold(token)]
        return named[0] if len(named) == 1 else None


def _one_or_all(found: list[Producer]):
    return found[0] if len(found) == 1 else (found or None)


def _product_tokens(value: str) -> list[str]:
    return [normalize(token) for token in value.split(";") if normalize(token)]


def _plan_rows(rows: list[tuple[int, dict, int]], width: int) -> list[RowPlan]:
    lookups = _Lookups(rows)
    seen: dict[str, int] = {}
    plans = []
    for line, cells, count in rows:
        plan = RowPlan(line, clean_number(cells.get("number", "")))
        if count != width:
            plan.errors.append(_("This row has %(count)d cells; the header has %(width)d.", count=count, width=width))
        elif plan.number.upper() in seen:
            plan.errors.append(_("Certificate %(number)s is already on row %(line)d of the file.",
                                 number=plan.number, line=seen[plan.number.upper()]))
        else:
            _plan_row(plan, cells, lookups)
        seen.setdefault(plan.number.upper(), line)
        plans.append(plan)
    return plans


def _plan_row(plan: RowPlan, cells: dict, lookups: _Lookups) -> None:
    facts = _facts(cells, lookups, plan.errors)
    if facts is None:
        return
    existing = lookups.certificates.get(facts.number.upper())
    if existing is not None and existing.revoked:
        plan.errors.append(_("Certificate %(number)s was revoked; the import does not change it.", number=existing.number))
        return
    if existing is not None and not _same_producer(existing, facts.producer):
        plan.errors.append(_("Certificate number %(number)s is already on record for another producer's products.",
                             number=existing.number))
        return
    plan.errors.extend(fact_errors(facts, current=existing, taken=lookups.numbers_except(existing)).values())
    if not plan.errors:
        plan.facts, plan.existing = facts, existing
        plan.action = "create" if existing is None else ("update" if _differs(existing, facts) else "unchanged")


def _same_producer(certificate: Certification, producer: Producer) -> bool:
    return all(p.producer_id == producer.id for p in certificate.products)


def _differs(certificate: Certification, facts: CertificateFacts) -> bool:
    fields = ("stars", "score", "decision", "decision_date", "level", "issued_on", "expires_on")
    return (any(getattr(certificate, name) != getattr(facts, name) for name in fields)
            or {p.id for p in certificate.products} != {p.id for p in facts.products})


def _facts(cells: dict, lookups: _Lookups, errors: list[str]) -> CertificateFacts | None:
    """The row's facts, or None with the reasons added to `errors`."""
    for name in COLUMNS:
        if name not in OPTIONAL and not normalize(cells.get(name, "")):
            errors.append(_("The column %(name)s is empty.", name=name))
    if errors:
        return None
    stars, score = _whole(cells, "stars", errors), _whole(cells, "score", errors)
    decision_date, issued_on = _date(cells, "decision_date", errors), _date(cells, "issued_on", errors)
    expires_on = _date(cells, "expires_on", errors) if normalize(cells["expires_on"]) else None
    level = LEVEL_WORDS.get(fold(normalize(cells["level"])))
    if level is None:
        errors.append(_("The level “%(value)s” is unknown: use province, district or national.", value=cells["level"]))
    producer = _producer(cells["producer"], lookups, errors)
    products = _products(cells["products"], producer, lookups, errors) if producer else []
    if errors:
        return None
    return CertificateFacts(number=cells["number"], stars=stars, score=score, decision=cells["decision_number"],
                            decision_date=decision_date, level=level, issued_on=issued_on, expires_on=expires_on,
                            producer=producer, products=products).completed()


def _whole(cells: dict, name: str, errors: list[str]) -> int | None:
    value = normalize(cells[name])
    if value.isdigit() and len(value) <= 3:
        return int(value)
    errors.append(_("%(name)s: “%(value)s” is not a whole number.", name=name, value=value))
    return None


def _date(cells: dict, name: str, errors: list[str]) -> date | None:
    value = normalize(cells[name])
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    errors.append(_("%(name)s: “%(value)s” is not a date (write 2026-03-31 or 31/03/2026).", name=name, value=value))
    return None


def _producer(key: str, lookups: _Lookups, errors: list[str]) -> Producer | None:
    found = lookups.producer(key)
    if isinstance(found, list):
        errors.append(_("Several producers are named “%(value)s”: use the producer's slug.", value=normalize(key)))
        return None
    if found is None:
        errors.append(_("There is no producer “%(value)s” (use its slug or exact name).", value=normalize(key)))
    return found


def _products(value: str, producer: Producer, lookups: _Lookups, errors: list[str]) -> list[Product]:
    products = []
    for token in _product_tokens(value):
        product = lookups.product(token, producer)
        if product is None:
            errors.append(_("There is no product “%(value)s” of %(producer)s (use its slug or exact Vietnamese name).",
                            value=token, producer=producer.name))
        else:
            products.append(product)
    return products


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def apply_import(plan: ImportPlan, by, filename: str) -> ImportResult:
    """Write a plan without errors (flush, never commit: the caller's one commit makes it all or nothing)."""
    if not plan.ok:
        raise CertificateError(_("The file has errors: nothing was imported."))
    note = f"CSV import {filename}"
    record_many([row.facts for row in plan.rows if row.action == "create"], by, reason=note)
    for row in plan.rows:
        if row.action == "update":
            update_facts(row.existing, row.facts, by, reason=note)
    result = ImportResult(plan.count("create"), plan.count("update"), plan.count("unchanged"))
    audit.record(by, "certificate.import", None, object_type="Certification", label=filename[:255], reason=note,
                 changes={"created": (None, result.created), "updated": (None, result.updated),
                          "unchanged": (None, result.unchanged)})
    return result
