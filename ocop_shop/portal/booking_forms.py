"""Portal forms for experiences: answering a booking request, editing the experience's facts."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..tourism.experiences import MAX_PARTY
from .fields import WholeNumberField, clean_text

_AT_MOST = _l("At most %(max)d characters.")


class AcceptBookingForm(FlaskForm):
    reply = TextAreaField(_l("Message to the guest (optional)"), filters=[clean_text],
                          validators=[Optional(), Length(max=1000, message=_AT_MOST)],
                          render_kw={"rows": 3, "maxlength": 1000})


class DeclineBookingForm(FlaskForm):
    reply = TextAreaField(_l("Why you cannot take it (sent to the guest)"), filters=[clean_text],
                          validators=[DataRequired(_l("Please tell the guest why, so they can choose another day.")),
                                      Length(max=1000, message=_AT_MOST)],
                          render_kw={"rows": 3, "maxlength": 1000})


def _text(label, required_message=None, max_length=500, textarea=False):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    validators.append(Length(max=max_length, message=_AT_MOST))
    kind = TextAreaField if textarea else StringField
    return kind(label, filters=[clean_text], validators=validators,
                render_kw={"rows": 3, "maxlength": max_length} if textarea else {"maxlength": max_length})


class ExperienceForm(FlaskForm):
    """What a homestay or tour includes, how long, when and for how many (vi required, en optional)."""

    includes_vi = _text(_l("What is included (Vietnamese)"), _l("Please say what is included."), textarea=True)
    includes_en = _text(_l("What is included (English, optional)"), textarea=True)
    duration_vi = _text(_l("How long (Vietnamese), e.g. 1 đêm, 2 ngày 1 đêm"), _l("Please say how long it lasts."),
                        max_length=80)
    duration_en = _text(_l("How long (English, optional), e.g. 1 night"), max_length=80)
    season_vi = _text(_l("Best season or opening months (Vietnamese, optional)"), max_length=200)
    season_en = _text(_l("Best season or opening months (English, optional)"), max_length=200)
    max_party = WholeNumberField(_l("Largest group you can take (people)"), minimum=1, maximum=MAX_PARTY,
                                 required=True)

    def content(self) -> dict:
        """{lang: {includes, duration, season}} from the fields."""
        return {lang: {name: getattr(self, f"{name}_{lang}").data or ""
                       for name in ("includes", "duration", "season")} for lang in ("vi", "en")}

    @classmethod
    def from_experience(cls, experience) -> "ExperienceForm":
        """The form filled from saved facts (or empty for a product that has none yet)."""
        if experience is None:
            return cls()
        data = {f"{name}_{lang}": values.get(name, "") for lang, values in experience.content.items()
                for name in ("includes", "duration", "season")}
        return cls(data={**data, "max_party": experience.max_party})
