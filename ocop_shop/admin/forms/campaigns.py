"""Office forms for campaigns: the campaign with its optional code, a state change, a banner."""
from __future__ import annotations

from datetime import datetime, timezone

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, RadioField, SelectField, SelectMultipleField
from wtforms.fields import DateTimeLocalField
from wtforms.validators import InputRequired, Optional

from ...form_fields import WholeNumberField, clean_text, text_field
from ...promotions.checks import CampaignInput, CouponInput
from ...timeutil import VN_TZ

SCOPE_LABELS = {
    "products": _l("Chosen products"), "groups": _l("OCOP groups"), "producers": _l("Producers"),
    "places": _l("Places"), "stars": _l("Minimum stars (valid certificates)"), "all": _l("Every product on sale"),
}
STATUS_LABELS = {"draft": _l("Draft"), "active": _l("Active"), "paused": _l("Paused"), "ended": _l("Ended")}


class LocalDateTimeField(DateTimeLocalField):
    """A date and time typed in Việt Nam time (the browser's picker); .utc() gives the moment in UTC."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
                         **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Please enter a date and time, like 2027-01-20 08:00."))) from None

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%Y-%m-%dT%H:%M") if self.data else ""

    def utc(self) -> datetime | None:
        return self.data.replace(tzinfo=VN_TZ).astimezone(timezone.utc) if self.data else None


def _ids(label):
    return SelectMultipleField(label, coerce=int, validate_choice=False, render_kw={"size": 8})


class CampaignForm(FlaskForm):
    """The campaign: names, discount, who funds it, dates (Việt Nam time), scope, optional code."""

    version = HiddenField()
    name_vi = text_field(_l("Name (Vietnamese)"), 120, _l("Please give the campaign a name in Vietnamese."))
    name_en = text_field(_l("Name (English)"), 120)
    description_vi = text_field(_l("Description (Vietnamese)"), 2000, textarea=True)
    description_en = text_field(_l("Description (English)"), 2000, textarea=True)
    discount_kind = RadioField(_l("Discount"), choices=[("percent", _l("Percent of the price")),
                                                         ("amount", _l("Fixed amount in đồng"))], default="percent",
                               validators=[InputRequired(_l("Choose the kind of discount."))])
    discount_value = WholeNumberField(_l("Discount (percent or đồng)"), minimum=0, maximum=100_000_000,
                                      required=True)
    concentrated = BooleanField(_l("Concentrated promotion programme (khuyến mại tập trung): up to 100%"))
    funded_by = SelectField(_l("Who funds it"), choices=[("office", _l("The office")),
                                                          ("producer", _l("Each producer (after it accepts)"))])
    starts_at = LocalDateTimeField(_l("Starts (Việt Nam time)"), validators=[InputRequired(_l("Please enter when it starts."))])
    ends_at = LocalDateTimeField(_l("Ends (Việt Nam time)"), validators=[InputRequired(_l("Please enter when it ends."))])
    scope_kind = RadioField(_l("What it covers"), choices=list(SCOPE_LABELS.items()), default="products",
                            validators=[InputRequired(_l("Choose what the campaign covers."))])
    products = _ids(_l("Products"))
    groups = _ids(_l("OCOP groups"))
    producers = _ids(_l("Producers"))
    places = _ids(_l("Places (with the places under them)"))
    min_stars = SelectField(_l("Minimum stars"), coerce=int, choices=[(3, "3 ★"), (4, "4 ★"), (5, "5 ★")], default=3)
    coupon_code = text_field(_l("Code (optional)"), 40)
    coupon_total_cap = WholeNumberField(_l("Orders allowed in total"), minimum=0, maximum=1_000_000)
    coupon_per_customer_cap = WholeNumberField(_l("Orders allowed per customer"), minimum=0, maximum=1_000)
    coupon_valid_from = LocalDateTimeField(_l("Code valid from"), validators=[Optional()])
    coupon_valid_until = LocalDateTimeField(_l("Code valid until"), validators=[Optional()])

    def entry(self) -> CampaignInput:
        """What was typed, as the campaign service takes it."""
        kind = self.scope_kind.data
        ids = {"products": self.products, "groups": self.groups, "producers": self.producers,
               "places": self.places}.get(kind)
        return CampaignInput(
            name_vi=self.name_vi.data or "", name_en=self.name_en.data or "",
            description_vi=self.description_vi.data or "", description_en=self.description_en.data or "",
            discount_kind=self.discount_kind.data, discount_value=self.discount_value.data or 0,
            concentrated=bool(self.concentrated.data), funded_by=self.funded_by.data, scope_kind=kind,
            scope_ids=list(ids.data or []) if ids is not None else [],
            min_stars=self.min_stars.data if kind == "stars" else None,
            starts_at=self.starts_at.utc(), ends_at=self.ends_at.utc(), coupon=self._coupon())

    def _coupon(self) -> CouponInput | None:
        if not self.coupon_code.data:
            return None
        return CouponInput(code=self.coupon_code.data, total_cap=self.coupon_total_cap.data,
                           per_customer_cap=self.coupon_per_customer_cap.data,
                           valid_from=self.coupon_valid_from.utc(), valid_until=self.coupon_valid_until.utc())


class StateForm(FlaskForm):
    """A state button: the action and the version of the page it was pressed on."""

    action = HiddenField(validators=[InputRequired()])
    version = HiddenField(validators=[InputRequired()])


class BannerForm(FlaskForm):
    """A banner picture for one language, with its alt text."""

    lang = SelectField(_l("Language"), choices=[("vi", "Tiếng Việt"), ("en", "English")])
    picture = FileField(_l("Picture (JPEG, PNG or WebP)"), validators=[FileRequired(_l("Please choose a picture."))],
                        render_kw={"accept": "image/jpeg,image/png,image/webp"})
    alt = text_field(_l("What the picture shows (for screen readers)"), 200,
                     _l("Please describe the picture in a few words."))
