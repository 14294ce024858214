"""The plan's figures broken down by place and by OCOP group, with small groups hidden.

Privacy (Law 91/2025): a breakdown row is about few producers, often one household, so every
cell that counts producers follows one rule: a count from 1 to 4 is shown as "<5", and in a row
about 1 to 4 OCOP producers every producer cell is "<5" (a 0 there would tell the others' flags).
Product and certificate counts are public facts (certificates are published) and stay exact.
Secondary suppression: a column with exactly one hidden cell would give it away (the province's
total minus the shown cells), so the smallest other non-zero cell of that column is hidden too.
The province's totals are not broken down here: they are the plan's own report (plan.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..catalog.models import Category
from ..extensions import db
from ..places.models import Locality
from ..text import fold
from .plan import Snapshot, figures

SMALL_GROUP = 5
MASK = "<5"

# (figure key, column label, counts producers)
COLUMNS = (
    ("ocop_producers", _l("OCOP producers"), True),
    ("certified_products", _l("Certified products"), False),
    ("four_star", _l("4★ certificates"), False),
    ("five_star", _l("5★ certificates"), False),
    ("cooperatives", _l("Cooperatives"), True),
    ("enterprises", _l("Enterprises"), True),
    ("value_chain", _l("In a value chain"), True),
    ("women_led", _l("Women-led"), True),
    ("minority_led", _l("Ethnic-minority-led"), True),
    ("ocop_trained", _l("Trained in OCOP"), True),
)


@dataclass(frozen=True)
class Cell:
    """A number as shown: `value` is None when it is hidden ("<5")."""
    value: int | None
    text: str


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Table:
    key: str  # "places" or "groups": the CSV's name
    title: str
    first_column: str
    columns: list[str]
    rows: list[Row]


def shown(count: int, group_size: int, counts_producers: bool) -> Cell:
    """One cell under the small-group rule (see the module's docstring)."""
    hidden = counts_producers and (0 < count < SMALL_GROUP or 0 < group_size < SMALL_GROUP)
    return Cell(None, MASK) if hidden else Cell(count, str(count))


def _row(label: str, part: Snapshot) -> Row:
    found = figures(part)
    size = found["ocop_producers"].num
    return Row(label, [shown(found[key].num, size, producers) for key, _label, producers in COLUMNS])


def _table(key: str, title: str, first: str, rows: list[Row]) -> Table:
    return Table(key, title, first, [str(label) for _key, label, _p in COLUMNS], suppress_lone_cells(rows))


def suppress_lone_cells(rows: list[Row]) -> list[Row]:
    """Hide the smallest other non-zero cell of every producer column holding exactly one hidden cell."""
    cells = [list(row.cells) for row in rows]
    for column, (_key, _label, producers) in enumerate(COLUMNS):
        if not producers or sum(1 for row in cells if row[column].value is None) != 1:
            continue
        visible = [(row[column].value, i) for i, row in enumerate(cells) if row[column].value]
        if visible:
            cells[min(visible)[1]][column] = Cell(None, MASK)
    return [Row(row.label, row_cells) for row, row_cells in zip(rows, cells)]


def by_place(snap: Snapshot) -> Table:
    """One row per place (the producer's commune or ward) with an OCOP producer or a certified product."""
    ids = {p.locality_id for p in snap.producers} | {p.locality_id for p in snap.certified}
    names = {loc.id: loc.name for loc in db.session.scalars(
        select(Locality).where(Locality.id.in_([i for i in ids if i is not None])))} if ids else {}
    ordered = sorted(ids, key=lambda i: (i is None, fold(names.get(i, ""))))
    rows = [_row(names.get(place_id) or _("No place recorded"),
                 snap.subset({p.id for p in snap.producers if p.locality_id == place_id}, _at(place_id)))
            for place_id in ordered]
    return _table("places", _("By place"), _("Place"), rows)


def _at(place_id) -> Callable:
    return lambda row: row.locality_id == place_id


def _in(group: int) -> Callable:
    return lambda row: row.group == group


def by_group(snap: Snapshot) -> Table:
    """One row per OCOP group; a producer counts in each group it has a certified product in."""
    groups = db.session.scalars(select(Category).where(Category.parent_id.is_(None))
                                .order_by(Category.group_code)).all()
    ocop = {p.id for p in snap.producers}
    rows = [_row(group.name(), snap.subset({p.producer_id for p in snap.certified if p.group == group.group_code}
                                           & ocop, _in(group.group_code)))
            for group in groups]
    return _table("groups", _("By OCOP group"), _("Group"), rows)
