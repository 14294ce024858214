"""Office forms for the review queue: a decision, and a decision with the reason the producer sees."""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ...text import normalize

OUT_OF_DATE = _l("This page is out of date. Reload it, look again and decide.")


class SeenField(HiddenField):
    """When the page showed the item as it was (its updated_at), sent back with the decision so a
    decision on an older page is refused."""

    def _value(self) -> str:
        return self.data.isoformat() if isinstance(self.data, datetime) else ""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0]:
            return
        try:
            seen = datetime.fromisoformat(valuelist[0])
        except ValueError:
            raise ValueError(OUT_OF_DATE) from None
        if seen.tzinfo is None:
            raise ValueError(OUT_OF_DATE)
        self.data = seen


class DecisionForm(FlaskForm):
    seen = SeenField(validators=[InputRequired(OUT_OF_DATE)])


class ReasonForm(DecisionForm):
    reason = TextAreaField(_l("What should the producer change? They see this in their portal."),
                           filters=[lambda value: normalize(value) if isinstance(value, str) else value],
                           validators=[DataRequired(_l("Please say what the producer should change.")),
                                       Length(max=2000, message=_l("At most %(max)d characters."))],
                           render_kw={"rows": 4, "maxlength": 2000})
