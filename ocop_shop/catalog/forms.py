"""Storefront forms: the liquor age declaration and the certificate-code lookup."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..text import normalize


def _clean(value):
    return normalize(value) if isinstance(value, str) else value


class AgeDeclarationForm(FlaskForm):
    """Name and age before a liquor page shows its details (only a flag is kept, never the name)."""

    name = StringField(_l("Your name"), filters=[_clean],
                       validators=[DataRequired(_l("Please enter your name.")), Length(max=120)])
    age = StringField(_l("Your age"), filters=[_clean], validators=[
        DataRequired(_l("Please enter your age in years.")),
        Regexp(r"^(?:[1-9][0-9]?|1[0-2][0-9])$", message=_l("Please enter your age in years, as a number."))])
    next = HiddenField()


class VerifyCodeForm(FlaskForm):
    """The code printed under the QR label of an OCOP product (8 characters)."""

    class Meta:
        csrf = False  # a GET lookup that changes nothing

    code = StringField(_l("Certificate code"), filters=[_clean],
                       validators=[DataRequired(_l("Please type the 8-character code from the label.")),
                                   Length(max=20, message=_l("A certificate code has 8 characters."))])
