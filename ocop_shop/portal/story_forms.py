"""Portal forms for the producer's story and profile."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import Length, Optional, ValidationError

from ..tourism.map import EAST, NORTH, SOUTH, WEST

from .fields import LocalDateField, clean_text, text_field
from .joining_forms import ApplicationForm


class StoryForm(FlaskForm):
    """The producer's story and short introduction, in Vietnamese and English."""

    excerpt_vi = text_field(_l("Short introduction in Vietnamese (one or two sentences)"), 300, textarea=True)
    story_vi = text_field(_l("Your story in Vietnamese"), 8000, textarea=True)
    excerpt_en = text_field(_l("Short introduction in English (optional)"), 300, textarea=True)
    story_en = text_field(_l("Your story in English (optional)"), 8000, textarea=True)

    def content(self) -> dict:
        return {lang: {"story": getattr(self, f"story_{lang}").data, "excerpt": getattr(self, f"excerpt_{lang}").data}
                for lang in ("vi", "en")}

    def fill_from(self, content: dict) -> None:
        for lang in ("vi", "en"):
            for name in ("story", "excerpt"):
                getattr(self, f"{name}_{lang}").data = (content or {}).get(lang, {}).get(name, "")


class ProfileForm(ApplicationForm):
    """What members keep current themselves; name, kind, tax code and licence go through the office."""

    name = None
    kind = None
    tax_code = None
    alcohol_licence_number = None
    alcohol_licence_expires_on = None
    account_name = None
    phone = None
    email = None
    password = None
    confirm = None
    contact_name = StringField(_l("Contact person"), filters=[clean_text],
                               validators=[Optional(), Length(max=120, message=_l("At most %(max)d characters."))])
    ocop_training_on = LocalDateField(_l("Date of your OCOP training (optional)"), validators=[Optional()])
    exact_location_public = BooleanField(_l("Show our exact place on the map (otherwise the centre of the commune)"))
    lat = StringField(_l("Latitude (optional)"), filters=[clean_text],
                      render_kw={"inputmode": "decimal", "autocomplete": "off"})
    lon = StringField(_l("Longitude (optional)"), filters=[clean_text],
                      render_kw={"inputmode": "decimal", "autocomplete": "off"})

    def validate_lat(self, field):
        self.lat_value = _degrees(field.data, SOUTH, NORTH)

    def validate_lon(self, field):
        self.lon_value = _degrees(field.data, WEST, EAST)
        if (self.lon_value is None) != (getattr(self, "lat_value", None) is None):
            raise ValidationError(str(_l("Please give both numbers of your place, or neither.")))

    def profile_fields(self) -> dict:
        fields = self.producer_fields()
        for key in ("name", "kind", "tax_code"):
            fields.pop(key, None)
        fields.update(contact_name=self.contact_name.data or None, ocop_training_on=self.ocop_training_on.data,
                      exact_location_public=self.exact_location_public.data,
                      lat=getattr(self, "lat_value", None), lon=getattr(self, "lon_value", None))
        return fields


def _degrees(text: str | None, low: float, high: float) -> float | None:
    """A coordinate in decimal degrees inside Cao Bằng ("22.855" or "22,855"); empty means none."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        example = "%.4f" % ((low + high) / 2)
        raise ValidationError(str(_l("Please enter a number between %(low)s and %(high)s, in Cao Bằng, like %(example)s.",
                                     low=low, high=high, example=example)))
    return round(value, 5)
