"""What the plan dashboard shows for one target set, and its tables as CSV.

A current set (today within its period) is measured live, with its breakdowns; an ended set
shows the final figures kept as of its last day (promotions.plan_sets.final_figures) and nothing
live; a set still to come shows its targets only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import format_decimal
from flask_babel import gettext as _

from .. import csv_export
from ..promotions import plan, plan_breakdown, plan_sets
from ..promotions.models import PlanTargetSet
from ..promotions.plan import TARGETS, Figure, Target
from ..promotions.plan_breakdown import Table
from . import charts


@dataclass(frozen=True)
class TargetRow:
    target: Target
    goal: float | None  # the set's number for it (None: the set has no such target)
    figure: Figure | None
    met: bool | None

    def goal_text(self) -> str:
        return "—" if self.goal is None else _number(self.goal, self.target.percent, at_least=True)

    def figure_text(self) -> str:
        if self.figure is None or self.figure.value is None:
            return "—"
        return _number(self.figure.value, self.target.percent)

    def counted(self) -> str:
        """How a share was counted ('12 / 30'), empty for a count."""
        if self.figure is None or self.figure.den is None:
            return ""
        return f"{format_decimal(self.figure.num)} / {format_decimal(self.figure.den)}"


@dataclass
class Dashboard:
    target_set: PlanTargetSet
    state: str  # "current", "ended" or "upcoming"
    rows: list[TargetRow]
    as_of: date | None
    ocop_producers: int | None = None
    tables: list[Table] = field(default_factory=list)


def _number(value: float, percent: bool, at_least: bool = False) -> str:
    text = format_decimal(value, format="#,##0.#")
    text = f"{text}%" if percent else text
    return f"≥ {text}" if at_least else text


def build(target_set: PlanTargetSet, today: date) -> Dashboard:
    """The dashboard of a set as of today (an ended set's final figures are stored on first view)."""
    if plan_sets.has_ended(target_set, today):
        found = plan_sets.final_figures(target_set, today)
        return Dashboard(target_set, "ended", _rows(target_set, found), target_set.period_end,
                         found["ocop_producers"].num)
    if today < target_set.period_start:
        return Dashboard(target_set, "upcoming", _rows(target_set, None), None)
    snap = plan.snapshot_on(today)
    found = plan.figures(snap)
    return Dashboard(target_set, "current", _rows(target_set, found), today, found["ocop_producers"].num,
                     [plan_breakdown.by_place(snap), plan_breakdown.by_group(snap)])


def _rows(target_set: PlanTargetSet, found: dict[str, Figure] | None) -> list[TargetRow]:
    goals = target_set.targets or {}
    rows = []
    for target in TARGETS:
        goal = goals.get(target.key)
        figure = found.get(target.key) if found else None
        rows.append(TargetRow(target, goal, figure, figure.meets(goal) if figure else None))
    return rows


def progress_svg(board: Dashboard):
    """The targets as progress bars (each track is its target)."""
    bars = [charts.Bar(str(row.target.label), _progress(row), f"{row.figure_text()} / {row.goal_text()}",
                       bool(row.met)) for row in board.rows if row.figure is not None]
    return charts.progress_chart("chart-targets", _("Progress towards the targets"),
                                 _("Each bar is one target; the same numbers are in the table of targets."), bars)


def _progress(row: TargetRow) -> float | None:
    if row.goal is None or row.figure is None or row.figure.value is None:
        return None
    return 1.0 if row.goal == 0 else row.figure.value / row.goal


def table_svg(table: Table, column: int, title: str):
    """One column of a breakdown as bars; a hidden ("<5") number draws no bar."""
    values = [row.cells[column].value for row in table.rows]
    bars = [charts.Bar(row.label, ratio, row.cells[column].text)
            for row, ratio in zip(table.rows, charts.ratios(values))]
    return charts.bar_chart(f"chart-{table.key}", title,
                            _("The same numbers are in the table “%(table)s” below.", table=table.title), bars)


def targets_csv(board: Dashboard) -> str:
    header = [_("Target"), _("How it is counted"), _("Target value"), _("Figure"), _("Counted"), _("Met")]
    met = {True: _("Yes"), False: _("No"), None: ""}
    return csv_export.csv_text(header, ([str(r.target.label), str(r.target.definition), r.goal_text(),
                                         r.figure_text(), r.counted(), met[r.met]] for r in board.rows))


def table_csv(table: Table) -> str:
    return csv_export.csv_text([table.first_column, *table.columns],
                               ([row.label, *(cell.text for cell in row.cells)] for row in table.rows))
