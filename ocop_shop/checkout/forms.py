"""Checkout forms: contact, Vietnamese address, note, age declaration, payment method; place order."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..text import normalize
from . import address


def _clean(value):
    return normalize(value) if isinstance(value, str) else value


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class CheckoutForm(FlaskForm):
    contact_name = StringField(_l("Full name"), filters=[_clean], validators=[
        DataRequired(_l("Please enter the name of the person receiving the parcel.")), Length(max=120)])
    phone = TelField(_l("Phone number"), filters=[_clean], validators=[
        DataRequired(_l("Please enter a phone number the courier can call.")), Length(max=30)])
    email = EmailField(_l("Email"), filters=[_clean], validators=[
        DataRequired(_l("Please enter your email: we send your order link there.")),
        Email(_l("Please enter a valid email address."), check_deliverability=False), Length(max=254)])
    province = SelectField(_l("Province or city"), coerce=_int_or_none, validate_choice=False)
    ward = SelectField(_l("Ward or commune"), coerce=_int_or_none, validate_choice=False)
    street = StringField(_l("House number, street, hamlet"), filters=[_clean], validators=[
        DataRequired(_l("Please enter the house number and street, or the hamlet.")), Length(max=255)])
    note = TextAreaField(_l("Note for the producers (optional)"), filters=[_clean],
                         validators=[Optional(), Length(max=500)])
    age_declared = BooleanField(_l("I declare that I am 18 or older (required to buy liquor)."))
    payment_method = RadioField(_l("Payment method"), validate_choice=False)

    def fill_choices(self, methods: list) -> None:
        """Province, ward and payment choices for what was chosen so far."""
        self.province.choices = [("", _l("Choose a province or city"))] + list(address.provinces())
        self.ward.choices = [("", _l("Choose a ward or commune"))] + list(address.wards(self.province.data or 0))
        self.payment_method.choices = [(m.code, m.label) for m in methods]
        self._methods = {m.code for m in methods}

    def validate_phone(self, field):
        parsed = address.parse_phone(field.data)
        if parsed is None:
            raise ValidationError(_l("Please enter a valid phone number, for example 0912 345 678."))
        self.phone_e164 = parsed

    def validate_province(self, field):
        if address.province_name(field.data) is None:
            raise ValidationError(_l("Please choose the province or city."))

    def validate_ward(self, field):
        if address.ward_name(self.province.data, field.data) is None:
            raise ValidationError(_l("Please choose the ward or commune in this province."))

    def validate_age_declared(self, field):
        if getattr(self, "needs_age", False) and not field.data:
            raise ValidationError(_l("Your cart holds liquor: please confirm that you are 18 or older."))

    def validate_payment_method(self, field):
        if field.data not in getattr(self, "_methods", ()):
            raise ValidationError(_l("Please choose one of the payment methods offered for this order."))


class PlaceOrderForm(FlaskForm):
    # One token per checkout: a double click on "place order" makes one order only.
    checkout_token = HiddenField(validators=[DataRequired(), Length(max=64)])
    # The fingerprint of the prices the review showed (orders.summary.Summary.fingerprint), never a price.
    prices_seen = HiddenField(validators=[DataRequired(), Length(max=64)])
