"""Form fields shared by the page layers (portal, office, places): numbers as people type them
('150.000', '150,000 đ', '40,5'), phones, dates, text."""
from __future__ import annotations

import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from .addresses import normalize_phone
from .text import normalize

_GROUPED = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^\d{1,3}(?:[.,]\d)?$")
_CURRENCY_WORDS = re.compile(r"(?i)\s*(vnđ|vnd|đồng|đ|₫)\s*$")


def clean_text(value):
    """Filter: NFC-normalise and strip submitted text (DESIGN §7)."""
    return normalize(value) if isinstance(value, str) else value


def parse_whole_number(text: str) -> int | None:
    """'1.500', '1,500', '1 500' and '1500' → 1500; anything else → None."""
    text = _CURRENCY_WORDS.sub("", text).strip()
    if _PLAIN.match(text) or _GROUPED.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    return None


class WholeNumberField(StringField):
    """A whole number within [minimum, maximum]; what was typed is kept when it is wrong."""

    def __init__(self, label=None, validators=None, minimum=0, maximum=1_000_000, required=False,
                 message=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("inputmode", "numeric")
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum, self.required = minimum, maximum, required
        self.message = message
        self.raw = None

    def process_formdata(self, valuelist):
        self.raw = normalize(valuelist[0]) if valuelist else ""
        self.data = parse_whole_number(self.raw) if self.raw else None

    def _value(self):
        if self.raw is not None:
            return self.raw
        return "" if self.data is None else format_decimal(self.data)

    def pre_validate(self, form):
        if self.raw in (None, ""):
            if self.required:
                raise StopValidation(str(_l("Please fill this in.")))
            return
        if self.raw.lstrip().startswith("-"):
            raise StopValidation(str(_l("This cannot be negative.")))
        if self.data is None:
            raise StopValidation(str(_l("Please enter a whole number, like 150000 or 150.000.")))
        if not self.minimum <= self.data <= self.maximum:
            raise StopValidation(str(self.message or _l(
                "Please enter a number from %(low)s to %(high)s.",
                low=format_decimal(self.minimum), high=format_decimal(self.maximum))))


class PercentField(StringField):
    """A percentage with at most one decimal ('40', '40,5', '40.5'); empty means none."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {}).setdefault("inputmode", "decimal")
        super().__init__(label, validators, **kwargs)
        self.raw = None

    def process_formdata(self, valuelist):
        self.raw = normalize(valuelist[0]).rstrip("%").strip() if valuelist else ""
        self.data = float(self.raw.replace(",", ".")) if _DECIMAL.match(self.raw or "") else None

    def _value(self):
        if self.raw is not None:
            return self.raw
        return "" if self.data is None else format_decimal(self.data)

    def pre_validate(self, form):
        if not self.raw:
            self.data = None
            return
        if self.raw.startswith("-"):
            raise StopValidation(str(_l("This cannot be negative.")))
        if self.data is None or self.data > 100:
            raise StopValidation(str(_l("Please enter a percentage from 0 to 100, like 40 or 40,5.")))


class PhoneField(TelField):
    """A Vietnamese phone number, stored as '0912345678' however it was typed."""

    def pre_validate(self, form):
        if self.data and normalize_phone(self.data) is None:
            raise ValidationError(str(_l("Please enter a Vietnamese phone number, like 0912 345 678.")))

    @property
    def phone(self) -> str | None:
        return normalize_phone(self.data) if self.data else None


class LocalDateField(DateField):
    """A date from the browser's date picker (YYYY-MM-DD), with a message in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Please enter a date, like 2027-12-31."))) from None


def text_field(label, max_length, required_message=None, textarea=False):
    """A text or textarea field, NFC-cleaned; required when required_message is given."""
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    validators.append(Length(max=max_length, message=_l("At most %(max)d characters.")))
    kind = TextAreaField if textarea else StringField
    return kind(label, filters=[clean_text], validators=validators,
                render_kw={"maxlength": max_length} if not textarea else {"rows": 4})


class ActionForm(FlaskForm):
    """A bare form (CSRF only) for buttons: pay by card, cancel; `t` carries a guest's order token."""

    t = HiddenField()
