"""Office forms for trade fairs: the fair's facts, and a producer's booth with the products it brings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, Optional

from ...form_fields import LocalDateField, clean_text, text_field
from ...promotions.fairs import FairFacts

LANGS = ("vi", "en")


def _place_id(value):
    return int(value) if value not in (None, "", "None") and str(value).isdigit() else None


class FairForm(FlaskForm):
    """A fair's name, venue and description in vi and en, its place and dates."""

    name_vi = text_field(_l("Name (Vietnamese)"), 160, _l("Please enter the fair's name in Vietnamese."))
    name_en = text_field(_l("Name (English)"), 160)
    venue_vi = text_field(_l("Venue (Vietnamese)"), 200)
    venue_en = text_field(_l("Venue (English)"), 200)
    locality_id = SelectField(_l("Place"), coerce=_place_id, validate_choice=False, validators=[Optional()])
    starts_on = LocalDateField(_l("First day"), validators=[InputRequired(_l("Please enter the first day."))])
    ends_on = LocalDateField(_l("Last day"), validators=[InputRequired(_l("Please enter the last day."))])
    description_vi = text_field(_l("Description (Vietnamese)"), 4000, textarea=True)
    description_en = text_field(_l("Description (English)"), 4000, textarea=True)
    published = BooleanField(_l("Show it on the shop's fairs page"), default=True)

    def facts(self) -> FairFacts:
        content = {lang: {name: getattr(self, f"{name}_{lang}").data or ""
                          for name in ("name", "venue", "description")} for lang in LANGS}
        return FairFacts(content=content, locality_id=self.locality_id.data, starts_on=self.starts_on.data,
                         ends_on=self.ends_on.data, published=bool(self.published.data))

    @classmethod
    def data_of(cls, fair) -> dict:
        """The form's starting values for an existing fair."""
        data = {f"{name}_{lang}": fair.content.get(lang, {}).get(name, "")
                for lang in LANGS for name in ("name", "venue", "description")}
        return dict(data, locality_id=fair.locality_id, starts_on=fair.starts_on, ends_on=fair.ends_on,
                    published=fair.published)


class ParticipantForm(FlaskForm):
    """A producer's booth and the products it brings (checkboxes of its products)."""

    booth = StringField(_l("Booth number"), filters=[clean_text], validators=[Length(max=20)],
                        render_kw={"maxlength": 20, "autocomplete": "off"})
    products = SelectMultipleField(_l("Products it brings"), coerce=int, validate_choice=False)


class RemoveForm(FlaskForm):
    """A button that removes something (the CSRF token only)."""
