"""The plan's target sets: which one is current, entering and editing one, and keeping its final figures.

A set covers a period; periods never overlap, so "the current set" is the one whose period holds
today (in Asia/Ho_Chi_Minh). After its last day a set's figures are computed once as of that day
and kept (`final_figures`), by one conditional UPDATE: whoever opens the dashboard first stores
them, nobody overwrites them, and the period can no longer be moved.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from .. import audit
from ..extensions import db
from .models import PlanTargetSet
from .plan import TARGET_KEYS, Figure, figures_on

EDITABLE = ("name", "period_start", "period_end", "targets", "note")


class PlanError(ValueError):
    """A change the office cannot make; `field` names the form field it belongs to (or None)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.field = field


@dataclass(frozen=True)
class SetValues:
    """What the office typed for a set (targets: key → number, None when the set has no such target)."""
    name: str
    period_start: date
    period_end: date
    targets: dict
    note: str | None = None


def all_sets() -> list[PlanTargetSet]:
    """Every target set, the latest period first."""
    return list(db.session.scalars(select(PlanTargetSet).order_by(PlanTargetSet.period_start.desc())))


def set_by_id(set_id: int) -> PlanTargetSet | None:
    return db.session.get(PlanTargetSet, set_id)


def default_set(sets: list[PlanTargetSet], today: date) -> PlanTargetSet | None:
    """The set whose period holds today, else the latest that has started, else the earliest to come."""
    current = [s for s in sets if s.period_start <= today <= s.period_end]
    started = [s for s in sets if s.period_start <= today]
    return (current or started or sorted(sets, key=lambda s: s.period_start) or [None])[0]


def has_ended(target_set: PlanTargetSet, today: date) -> bool:
    return today > target_set.period_end


def _overlapping(values: SetValues, other_than: int | None) -> PlanTargetSet | None:
    query = select(PlanTargetSet).where(PlanTargetSet.period_start <= values.period_end,
                                        PlanTargetSet.period_end >= values.period_start)
    if other_than is not None:
        query = query.where(PlanTargetSet.id != other_than)
    return db.session.scalars(query.limit(1)).first()


def _check(values: SetValues, other_than: int | None = None) -> None:
    if values.period_end < values.period_start:
        raise PlanError(_l("The period must end on or after the day it starts."), "period_end")
    clash = _overlapping(values, other_than)
    if clash is not None:
        raise PlanError(_l("This period overlaps “%(name)s” (%(start)s – %(end)s): periods must not overlap.",
                           name=clash.name, start=clash.period_start.isoformat(), end=clash.period_end.isoformat()),
                        "period_start")


def _clean_targets(targets: dict) -> dict:
    return {key: targets[key] for key in TARGET_KEYS if targets.get(key) is not None}


def create_set(values: SetValues, by) -> PlanTargetSet:
    """Enter a new target set (audited)."""
    _check(values)
    target_set = PlanTargetSet(name=values.name, period_start=values.period_start, period_end=values.period_end,
                               targets=_clean_targets(values.targets), note=values.note or None, version=1)
    db.session.add(target_set)
    db.session.flush()
    audit.record(by, "plan.create", target_set, changes={
        name: (None, getattr(target_set, name)) for name in EDITABLE if getattr(target_set, name) is not None})
    return target_set


def update_set(target_set: PlanTargetSet, version: int, values: SetValues, by) -> PlanTargetSet:
    """Change a set seen at `version`; refused when it changed since, or when a closed set's period moves."""
    _check(values, other_than=target_set.id)
    if target_set.final_figures is not None and (values.period_start, values.period_end) != (
            target_set.period_start, target_set.period_end):
        raise PlanError(_l("The period has ended and its final figures are kept: its dates cannot change."),
                        "period_end")
    before = audit.snapshot(target_set, EDITABLE)
    new = {"name": values.name, "period_start": values.period_start, "period_end": values.period_end,
           "targets": _clean_targets(values.targets), "note": values.note or None}
    conditions = [PlanTargetSet.id == target_set.id, PlanTargetSet.version == version]
    if (values.period_start, values.period_end) != (target_set.period_start, target_set.period_end):
        conditions.append(PlanTargetSet.final_figures.is_(None))  # not closed meanwhile by another request
    won = db.session.execute(
        update(PlanTargetSet).where(*conditions).values(version=PlanTargetSet.version + 1, **new)
        .execution_options(synchronize_session=False)).rowcount
    if not won:
        raise PlanError(_l("Someone changed these targets while you were editing: check them and save again."))
    db.session.refresh(target_set)
    audit.record(by, "plan.update", target_set, changes=audit.changes_since(before, target_set))
    return target_set


def final_figures(target_set: PlanTargetSet, today: date) -> dict[str, Figure] | None:
    """An ended set's figures as of its last day, stored the first time they are asked for; None if not ended."""
    if not has_ended(target_set, today):
        return None
    if target_set.final_figures is None:
        computed = {key: figure.as_json() for key, figure in figures_on(target_set.period_end).items()}
        db.session.execute(
            update(PlanTargetSet).where(PlanTargetSet.id == target_set.id, PlanTargetSet.final_figures.is_(None))
            .values(final_figures=computed).execution_options(synchronize_session=False))
        db.session.refresh(target_set)  # the winner's figures, ours or an earlier request's
    return {key: Figure.from_json(data) for key, data in target_set.final_figures.items()}
