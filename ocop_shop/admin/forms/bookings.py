"""Office forms for booking requests: the list's filters and cancelling a request with a reason."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ...text import normalize

BOOKING_STATES = (
    ("", _l("All")),
    ("late", _l("Unanswered for 48 hours")),
    ("new", _l("Waiting for the host")),
    ("accepted", _l("Accepted")),
    ("declined", _l("Declined")),
    ("cancelled", _l("Cancelled")),
)


def _clean(value):
    return normalize(value) if isinstance(value, str) else value


class BookingFilterForm(FlaskForm):
    """The list's filters (a GET form: no CSRF token; a bad value is shown as a field error)."""

    class Meta:
        csrf = False

    state = SelectField(_l("State"), choices=BOOKING_STATES, default="")
    producer = SelectField(_l("Host"), choices=[("", _l("All"))], default="")
    experience = SelectField(_l("Experience"), choices=[("", _l("All"))], default="")

    def with_choices(self, producers, experiences) -> "BookingFilterForm":
        """Offer the hosts and experiences that have booking requests: [(id, name)]."""
        self.producer.choices = [("", _l("All"))] + [(str(i), name) for i, name in producers]
        self.experience.choices = [("", _l("All"))] + [(str(i), name) for i, name in experiences]
        return self

    def value(self, name: str) -> str:
        """A filter's value when it is one of its choices, else '' (no filter)."""
        field = self[name]
        return field.data if field.data and not field.errors else ""


class CancelBookingForm(FlaskForm):
    reason = TextAreaField(_l("Reason (sent to the host and the guest)"), filters=[_clean], validators=[
        DataRequired(_l("Please give the reason: the host and the guest are told.")),
        Length(max=1000, message=_l("At most %(max)d characters."))], render_kw={"rows": 3, "maxlength": 1000})
