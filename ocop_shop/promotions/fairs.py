"""Trade fairs (hội chợ): the public lists and pages, and the office's services.

Lists show upcoming fairs (not yet ended, the day taken in Asia/Ho_Chi_Minh) soonest first, then
past ones, latest first. A fair's page shows its approved producers by booth with the published
products they bring; liquor of 15% ABV or more is never shown or listed (Law 44/2019 art. 5:
no sales promotion, a fair included). Services flush, never commit; each write leaves an audit row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Iterable

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from .. import audit
from ..catalog import alcohol
from ..catalog.card_records import ProductCard
from ..catalog.cards import cards, cards_statement
from ..catalog.models import Product
from ..catalog.queries import public_products
from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from ..text import normalize, slugify
from .models import FairParticipant, TradeFair

TEXT_FIELDS = ("name", "description", "venue")
PAST_LIMIT = 50  # past fairs listed on the public page, latest first


class FairError(ValueError):
    """Input refused; `errors` maps a field name ('' for the whole form) to a message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


# --- public lists ---------------------------------------------------------------------------


def _ordered(stmt: Select, today: date) -> Select:
    """Upcoming (ends on or after today) soonest first, then past ones latest first."""
    upcoming = TradeFair.ends_on >= today
    return stmt.order_by(case((upcoming, 0), else_=1), case((upcoming, TradeFair.starts_on)),
                         TradeFair.starts_on.desc(), TradeFair.id)


def _published() -> Select:
    return select(TradeFair).where(TradeFair.published.is_(True))


def public_fairs(today: date) -> tuple[list[TradeFair], list[TradeFair]]:
    """Published fairs as (upcoming ones, soonest first; past ones, latest first, at most PAST_LIMIT)."""
    fairs = list(db.session.scalars(_ordered(_published(), today)))
    upcoming = [f for f in fairs if f.ends_on >= today]
    return upcoming, [f for f in fairs if f.ends_on < today][:PAST_LIMIT]


def office_fairs(today: date) -> list[TradeFair]:
    """Every fair, published or not, for the office: upcoming soonest first, then past."""
    return list(db.session.scalars(_ordered(select(TradeFair), today)))


def fairs_at_place(locality_ids: Iterable[int], today: date) -> list[TradeFair]:
    """Published fairs held at any of the places: upcoming soonest first, then past latest first."""
    ids = list(locality_ids)
    if not ids:
        return []
    return list(db.session.scalars(_ordered(_published().where(TradeFair.locality_id.in_(ids)), today)))


def public_fair(slug: str) -> TradeFair | None:
    return db.session.scalar(_published().where(TradeFair.slug == slug))


def place_names(fairs: Iterable[TradeFair]) -> dict[int, str]:
    """{locality id: "place, parent place"} for the fairs' places, in one query."""
    ids = {f.locality_id for f in fairs if f.locality_id is not None}
    if not ids:
        return {}
    found = db.session.scalars(select(Locality).where(Locality.id.in_(ids)).options(joinedload(Locality.parent)))
    return {place.id: f"{place.name}, {place.parent.name}" if place.parent is not None else place.name
            for place in found}


# --- who comes, with what -------------------------------------------------------------------


@dataclass
class Exhibitor:
    """A producer at a fair, its booth and the products shown for it."""

    participant: FairParticipant
    producer: Producer
    products: list[ProductCard] = field(default_factory=list)


def exhibitors(fair: TradeFair) -> list[Exhibitor]:
    """The fair's approved producers by booth, each with the public, promotable products it brings."""
    rows = db.session.execute(
        select(FairParticipant, Producer).join(Producer, Producer.id == FairParticipant.producer_id)
        .where(FairParticipant.fair_id == fair.id, Producer.status == "approved")
        .options(joinedload(Producer.locality))
        .order_by(FairParticipant.booth, Producer.name)).all()
    found = [Exhibitor(participant, producer) for participant, producer in rows]
    wanted = {int(pid) for exhibitor in found for pid in exhibitor.participant.product_ids or []}
    by_id = {p.id: p for p in _fair_products(wanted)}
    for exhibitor in found:
        exhibitor.products = [by_id[int(pid)] for pid in exhibitor.participant.product_ids or []
                              if int(pid) in by_id and by_id[int(pid)].producer_id == exhibitor.producer.id]
    return found


def _fair_products(ids: set[int]) -> list[ProductCard]:
    if not ids:
        return []
    return [p for p in cards(_fair_products_statement(), {"ids": sorted(ids)}, limit=len(ids)) if alcohol.may_promote(p)]


@lru_cache(maxsize=1)
def _fair_products_statement() -> Select:
    """Built once, the ids bound at execution (building and keying a card statement costs more than its SQL)."""
    ids = bindparam("ids", expanding=True)
    return cards_statement(public_products().where(Product.id.in_(ids), _promotable()), (Product.id,))


def _promotable():
    """SQL twin of alcohol.may_promote (the rows are checked in Python as well)."""
    return (Product.abv.is_(None)) | (Product.abv < alcohol.PROMOTION_BAN_ABV)


def producer_fairs(producer_id: int) -> list[tuple[TradeFair, FairParticipant]]:
    """Every fair a producer takes part in (published or not) with its participation, by date."""
    return [(fair, participant) for participant, fair in db.session.execute(
        select(FairParticipant, TradeFair).join(TradeFair, TradeFair.id == FairParticipant.fair_id)
        .where(FairParticipant.producer_id == producer_id)
        .order_by(TradeFair.starts_on.desc(), TradeFair.id))]


# --- the office's services ------------------------------------------------------------------


@dataclass
class FairFacts:
    """What the office enters about a fair; content is {lang: {name, description, venue}}."""

    content: dict
    locality_id: int | None
    starts_on: date
    ends_on: date
    published: bool = True


def _check_fair(facts: FairFacts) -> None:
    errors = {}
    if not (facts.content.get("vi") or {}).get("name"):
        errors["name_vi"] = _("Please enter the fair's name in Vietnamese.")
    if facts.ends_on < facts.starts_on:
        errors["ends_on"] = _("The fair cannot end before it starts.")
    if facts.locality_id is not None and db.session.get(Locality, facts.locality_id) is None:
        errors["locality_id"] = _("Please choose a place from the list.")
    if errors:
        raise FairError(errors)


def _clean_content(content: dict) -> dict:
    return {lang: {k: normalize(v) for k, v in values.items() if k in TEXT_FIELDS and v and normalize(v)}
            for lang, values in content.items() if values}


def _unique_slug(name: str, fair_id: int | None = None) -> str:
    base = slugify(name, max_length=100)
    taken = set(db.session.scalars(select(TradeFair.slug).where(
        TradeFair.slug.like(f"{base}%"), TradeFair.id != (fair_id or -1))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_fair(facts: FairFacts, by) -> TradeFair:
    """Record a fair (its slug made from the Vietnamese name, kept on later renames)."""
    facts.content = _clean_content(facts.content)
    _check_fair(facts)
    fair = TradeFair(slug=_unique_slug(facts.content["vi"]["name"]), content=facts.content,
                     locality_id=facts.locality_id, starts_on=facts.starts_on, ends_on=facts.ends_on,
                     published=facts.published)
    db.session.add(fair)
    db.session.flush()
    audit.record(by, "fair.create", fair, label=fair.text("name", "vi"),
                 changes={"starts_on": (None, fair.starts_on), "ends_on": (None, fair.ends_on)})
    return fair


FAIR_FIELDS = ("content", "locality_id", "starts_on", "ends_on", "published")


def update_fair(fair: TradeFair, facts: FairFacts, by) -> None:
    """Change a fair's facts (its address stays the same)."""
    facts.content = _clean_content(facts.content)
    _check_fair(facts)
    before = audit.snapshot(fair, FAIR_FIELDS)
    fair.content, fair.locality_id, fair.published = facts.content, facts.locality_id, facts.published
    fair.starts_on, fair.ends_on = facts.starts_on, facts.ends_on
    db.session.flush()
    audit.record(by, "fair.edit", fair, label=fair.text("name", "vi"), changes=audit.changes_since(before, fair))


def delete_fair(fair: TradeFair, by) -> None:
    """Remove a fair and its participants (the audit row keeps its name and dates)."""
    audit.record(by, "fair.delete", fair, label=fair.text("name", "vi"),
                 changes={"starts_on": (fair.starts_on, None), "ends_on": (fair.ends_on, None)})
    db.session.execute(FairParticipant.__table__.delete().where(FairParticipant.fair_id == fair.id))
    db.session.delete(fair)
    db.session.flush()


# --- participants ---------------------------------------------------------------------------


def products_to_bring(producer_id: int) -> tuple[list[Product], list[Product]]:
    """A producer's products not archived: (those a fair may show, liquor of 15% ABV or more left out)."""
    products = list(db.session.scalars(select(Product).where(
        Product.producer_id == producer_id, Product.status != "archived").order_by(Product.id)))
    return [p for p in products if alcohol.may_promote(p)], [p for p in products if not alcohol.may_promote(p)]


def fair_participants(fair: TradeFair) -> list[tuple[FairParticipant, Producer]]:
    """Every participant of a fair with its producer (any status), by booth, for the office."""
    return [tuple(row) for row in db.session.execute(
        select(FairParticipant, Producer).join(Producer, Producer.id == FairParticipant.producer_id)
        .where(FairParticipant.fair_id == fair.id).order_by(FairParticipant.booth, Producer.name))]


def _check_participant(fair: TradeFair, producer_id: int, booth: str, product_ids: Iterable[int],
                       participant_id: int | None = None) -> list[int]:
    """The product ids to store, or FairError naming each refused field."""
    errors = {}
    others = select(func.count()).select_from(FairParticipant).where(
        FairParticipant.fair_id == fair.id, FairParticipant.id != (participant_id or -1))
    if not booth:
        errors["booth"] = _("Please enter the booth number.")
    elif db.session.scalar(others.where(FairParticipant.booth == booth)):
        errors["booth"] = _("Booth %(booth)s is already given to another producer at this fair.", booth=booth)
    if participant_id is None and db.session.scalar(others.where(FairParticipant.producer_id == producer_id)):
        errors["producer"] = _("This producer already takes part in this fair.")
    ids = sorted({int(pid) for pid in product_ids})
    offered, liquor = products_to_bring(producer_id)
    if any(pid in {p.id for p in liquor} for pid in ids):
        errors["products"] = _("Liquor of 15% ABV or more cannot be promoted at a fair (Law 44/2019, art. 5).")
    elif not set(ids) <= {p.id for p in offered}:
        errors["products"] = _("Choose only products of this producer.")
    if errors:
        raise FairError(errors)
    return ids


def clean_booth(booth: str | None) -> str:
    """A booth number as stored: NFC, trimmed, upper case ('a01' and 'A01' are one booth)."""
    return normalize(booth or "").upper()


def _flush_booth(booth: str) -> None:
    """Flush; two office staff giving the same booth at once: the database's unique booth refuses one."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise FairError({"booth": _("Booth %(booth)s is already given to another producer at this fair.",
                                    booth=booth)}) from None


def _participant_label(fair: TradeFair, producer: Producer) -> str:
    return f"{fair.text('name', 'vi')}: {producer.name}"


def add_participant(fair: TradeFair, producer: Producer, booth: str, product_ids: Iterable[int],
                    by) -> FairParticipant:
    """A producer takes a booth at the fair with the products it brings."""
    booth = clean_booth(booth)
    ids = _check_participant(fair, producer.id, booth, product_ids)
    participant = FairParticipant(fair_id=fair.id, producer_id=producer.id, booth=booth, product_ids=ids)
    db.session.add(participant)
    _flush_booth(booth)
    audit.record(by, "fair.participant_add", participant, label=_participant_label(fair, producer),
                 changes={"booth": (None, booth), "product_ids": (None, ids)})
    return participant


def update_participant(fair: TradeFair, participant: FairParticipant, producer: Producer, booth: str,
                       product_ids: Iterable[int], by) -> None:
    """Change a participant's booth or the products it brings."""
    booth = clean_booth(booth)
    ids = _check_participant(fair, producer.id, booth, product_ids, participant.id)
    before = audit.snapshot(participant, ("booth", "product_ids"))
    participant.booth, participant.product_ids = booth, ids
    _flush_booth(booth)
    audit.record(by, "fair.participant_edit", participant, label=_participant_label(fair, producer),
                 changes=audit.changes_since(before, participant))


def remove_participant(fair: TradeFair, participant: FairParticipant, producer: Producer, by) -> None:
    audit.record(by, "fair.participant_remove", participant, label=_participant_label(fair, producer),
                 changes={"booth": (participant.booth, None)})
    db.session.delete(participant)
    db.session.flush()
