"""Portal forms for joining: the application, a new member's account, an invitation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..producers.models import ETHNIC_GROUPS
from .fields import LocalDateField, PhoneField, WholeNumberField, clean_text


def _kind_choices():
    return [
        ("cooperative", _l("Cooperative (hợp tác xã)")),
        ("enterprise", _l("Small or medium enterprise (doanh nghiệp)")),
        ("coop_group", _l("Cooperative group (tổ hợp tác)")),
        ("household", _l("Registered household business (hộ kinh doanh)")),
    ]


def _ethnic_choices():
    return [("", _l("Prefer not to say"))] + [(g, g) for g in ETHNIC_GROUPS] + [("other", _l("Another group"))]


def _required(message):
    return DataRequired(message)


class AccountFields(FlaskForm):
    """A new member's account: a phone number and a password; email optional."""

    account_name = StringField(_l("Your name"), filters=[clean_text],
                               validators=[_required(_l("Please enter your name.")), Length(max=120, message=_l("At most %(max)d characters."))])
    phone = PhoneField(_l("Mobile phone number"), filters=[clean_text],
                       validators=[_required(_l("Please enter your phone number.")), Length(max=20)])
    email = EmailField(_l("Email (optional)"), filters=[clean_text],
                       validators=[Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False),
                                   Length(max=254)])
    password = PasswordField(_l("Password"), validators=[
        _required(_l("Please choose a password.")),
        Length(min=10, max=128, message=_l("Use at least 10 characters."))])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        EqualTo("password", _l("The two passwords do not match."))])


class ApplicationForm(AccountFields):
    """Joining: the producer's details (account fields are dropped for a signed-in applicant)."""

    name = StringField(_l("Name of the producer"), filters=[clean_text],
                       validators=[_required(_l("Please enter the producer's name.")), Length(max=160, message=_l("At most %(max)d characters."))])
    kind = SelectField(_l("Kind of producer"), choices=_kind_choices, validators=[DataRequired()])
    locality_id = SelectField(_l("Commune or ward"), coerce=str, validators=[Optional()])
    address = StringField(_l("Address (village, commune)"), filters=[clean_text],
                          validators=[Optional(), Length(max=255, message=_l("At most %(max)d characters."))])
    contact_phone = PhoneField(_l("Phone number for customers and the office"), filters=[clean_text],
                               validators=[Optional(), Length(max=20)])
    contact_email = EmailField(_l("Email for the office (optional)"), filters=[clean_text],
                               validators=[Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False),
                                           Length(max=254)])
    tax_code = StringField(_l("Tax code or business registration number"), filters=[clean_text],
                           validators=[_required(_l("Please enter the tax code or business registration number.")),
                                       Length(max=40, message=_l("At most %(max)d characters."))])
    founded = WholeNumberField(_l("Year founded (optional)"), minimum=1900, maximum=2100,
                               message=_l("Please enter a year, like 2015."))
    workers = WholeNumberField(_l("Number of workers"), maximum=100_000)
    trained_workers = WholeNumberField(_l("Workers who have had training"), maximum=100_000)
    women_led = BooleanField(_l("Run by a woman"))
    ethnic_group = SelectField(_l("Ethnic group of the person who runs it"), choices=_ethnic_choices,
                               validators=[Optional()])
    identity_public = BooleanField(_l("Show the ethnic group and “run by a woman” on our public page"))
    value_chain = BooleanField(_l("We work in a value chain (buy from or sell to local growers)"))
    alcohol_licence_number = StringField(_l("Alcohol production licence number (drink makers)"), filters=[clean_text],
                                         validators=[Optional(), Length(max=60, message=_l("At most %(max)d characters."))])
    alcohol_licence_expires_on = LocalDateField(_l("Licence valid until"), validators=[Optional()])

    def validate_trained_workers(self, field):
        if (field.data or 0) > (self.workers.data or 0):
            raise ValidationError(str(_l("Trained workers cannot be more than all workers.")))

    def validate(self, extra_validators=None) -> bool:
        """A licence number needs its expiry: without one the licence does not count (DESIGN §2)."""
        valid = super().validate(extra_validators)
        number, expiry = getattr(self, "alcohol_licence_number", None), getattr(self, "alcohol_licence_expires_on", None)
        if number is not None and expiry is not None and number.data and not expiry.data and not expiry.errors:
            expiry.errors = [*expiry.errors, str(_l("Please enter the date the licence is valid until."))]
            return False
        return valid

    def producer_fields(self) -> dict:
        """The values for producers.services.apply()."""
        return {
            "name": self.name.data if self.name else None, "kind": self.kind.data if self.kind else None,
            "locality_id": int(self.locality_id.data) if (self.locality_id.data or "").strip() else None,
            "address": self.address.data, "contact_phone": self.contact_phone.phone,
            "contact_email": (self.contact_email.data or "").lower() or None,
            "tax_code": self.tax_code.data if self.tax_code else None, "founded": self.founded.data,
            "workers": self.workers.data or 0, "trained_workers": self.trained_workers.data or 0,
            "women_led": self.women_led.data, "ethnic_group": self.ethnic_group.data or None,
            "identity_public": self.identity_public.data, "value_chain": self.value_chain.data,
            **self._licence_fields(),
        }

    def _licence_fields(self) -> dict:
        """The licence as typed (the application); a form without licence fields gives none."""
        if self.alcohol_licence_number is None:
            return {}
        return {"alcohol_licence_number": self.alcohol_licence_number.data,
                "alcohol_licence_expires_on": self.alcohol_licence_expires_on.data}


ACCOUNT_FIELD_NAMES = ("account_name", "phone", "email", "password", "confirm")


class NewMemberForm(AccountFields):
    """Accepting an invitation without an account yet."""


class InviteForm(FlaskForm):
    name = StringField(_l("Their name"), filters=[clean_text],
                       validators=[_required(_l("Please enter their name.")), Length(max=120, message=_l("At most %(max)d characters."))])
    phone = PhoneField(_l("Their mobile phone number"), filters=[clean_text],
                       validators=[_required(_l("Please enter their phone number.")), Length(max=20)])
    email = EmailField(_l("Their email (optional)"), filters=[clean_text],
                       validators=[Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False),
                                   Length(max=254)])

