"""The audit log's filters: object (type, id or label), person, and a range of days in Việt Nam."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional, ValidationError

from ...text import normalize

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # the log's days; outside, no day math overflows
_BAD_DAY = _l("Please enter a day as dd/mm/yyyy or pick it in the calendar.")


def _clean(value):
    return normalize(value) if isinstance(value, str) else value


def _readable_day(field) -> None:
    """Replace WTForms' own parse error with ours, in the page's language; refuse a far-off year."""
    if field.raw_data and field.raw_data[0] and field.data is None:
        field.errors[:] = []
        raise ValidationError(_BAD_DAY)
    if field.data is not None and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(_l("Please enter a day between %(first)s and %(last)s.", first=FIRST_DAY.year,
                                 last=LAST_DAY.year))


class AuditFilterForm(FlaskForm):
    """A GET form (no CSRF token); a bad value is shown next to its field and not applied."""

    class Meta:
        csrf = False

    object_type = SelectField(_l("Object type"), choices=[("", _l("All"))], default="")
    object = StringField(_l("Object (number or name)"), filters=[_clean], validators=[Optional(), Length(max=120)])
    actor = SelectField(_l("Person"), choices=[("", _l("Everyone"))], default="")
    since = DateField(_l("From (day)"), validators=[Optional()], format=["%Y-%m-%d", "%d/%m/%Y"],
                      render_kw={"type": "date"})
    until = DateField(_l("To (day)"), validators=[Optional()], format=["%Y-%m-%d", "%d/%m/%Y"],
                      render_kw={"type": "date"})

    def with_choices(self, object_types, actors) -> "AuditFilterForm":
        """Offer the object types [(name, label)] and the people [label] found in the log."""
        self.object_type.choices = [("", _l("All"))] + list(object_types)
        self.actor.choices = [("", _l("Everyone"))] + [(label, label) for label in actors]
        return self

    def validate_since(self, field):
        _readable_day(field)

    def validate_until(self, field):
        _readable_day(field)
        if self.since.data and field.data and field.data < self.since.data:
            raise ValidationError(_l("The last day is before the first day."))

    def value(self, name: str):
        """A filter's value when it is valid, else None (not applied)."""
        field = self[name]
        return None if field.errors or field.data in ("", None) else field.data
