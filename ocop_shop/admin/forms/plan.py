"""The office's form for a plan target set: its name, its period and one number per target."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, ValidationError

from ...form_fields import LocalDateField, PercentField, WholeNumberField, text_field
from ...promotions.plan import TARGETS
from ...promotions.plan_sets import SetValues


class PlanForm(FlaskForm):
    """Name, period, targets (blank: the set has no such target) and a note; `version` guards edits."""

    version = HiddenField()
    name = text_field(_l("Name of the plan"), 160, _l("Please give the plan a name."))
    period_start = LocalDateField(_l("Period starts on"), validators=[DataRequired(_l("Please give a date."))])
    period_end = LocalDateField(_l("Period ends on"), validators=[DataRequired(_l("Please give a date."))])
    note = text_field(_l("Note (the plan's number, who set it)"), 2000, textarea=True)

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(str(_l("The period must end on or after the day it starts.")))

    def target_fields(self) -> list:
        return [self["target_" + target.key] for target in TARGETS]

    def values(self) -> SetValues:
        return SetValues(name=self.name.data, period_start=self.period_start.data, period_end=self.period_end.data,
                         targets={t.key: self["target_" + t.key].data for t in TARGETS}, note=self.note.data)

    def version_number(self) -> int:
        try:
            return int(self.version.data or 0)
        except ValueError:
            return 0


def _target_field(target):
    if target.percent:
        return PercentField(target.label, description=target.definition)
    return WholeNumberField(target.label, minimum=0, maximum=100_000, description=target.definition)


for _target in TARGETS:
    setattr(PlanForm, "target_" + _target.key, _target_field(_target))


def form_data(target_set) -> dict:
    """A set's values as the form's initial data."""
    data = {"version": str(target_set.version), "name": target_set.name, "period_start": target_set.period_start,
            "period_end": target_set.period_end, "note": target_set.note}
    data.update({"target_" + key: value for key, value in (target_set.targets or {}).items()})
    return data
