"""Office forms for producers: the list's filters, decisions with a reason, the record, the licence."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ...form_fields import LocalDateField, PhoneField, WholeNumberField, clean_text
from ...producers.models import ETHNIC_GROUPS

STATUSES = (
    ("pending", _l("Waiting for approval")),
    ("approved", _l("Approved")),
    ("rejected", _l("Rejected")),
    ("suspended", _l("Suspended")),
)
KINDS = (
    ("cooperative", _l("Cooperative")),
    ("enterprise", _l("Small or medium enterprise")),
    ("coop_group", _l("Cooperative group")),
    ("household", _l("Household business")),
)
TOO_LONG = _l("At most %(max)d characters.")


class ProducerFilterForm(FlaskForm):
    """The list's filters (a GET form: no CSRF token; a value that is not offered is an error)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name of the producer"), filters=[clean_text], validators=[Optional(), Length(max=100, message=TOO_LONG)])
    status = SelectField(_l("Status"), choices=(("", _l("All")),) + STATUSES, validators=[Optional()])
    kind = SelectField(_l("Kind"), choices=(("", _l("All")),) + KINDS, validators=[Optional()])
    place = SelectField(_l("Place"), validators=[Optional()])


class ApproveForm(FlaskForm):
    """Approve an application or lift a suspension (a button only)."""


class ReasonForm(FlaskForm):
    """Reject or suspend: the reason the producer's members read in the portal."""

    reason = TextAreaField(_l("Reason (the producer reads it)"), filters=[clean_text], validators=[
        DataRequired(_l("Please give a reason.")), Length(max=1000, message=TOO_LONG)])


def _text(label, max_length, required=None):
    validators = [DataRequired(required)] if required else [Optional()]
    return StringField(label, filters=[clean_text], validators=validators + [Length(max=max_length, message=TOO_LONG)])


def _ethnic_choices():
    return [("", _l("Not recorded"))] + [(g, g) for g in ETHNIC_GROUPS] + [("other", _l("Another group"))]


class ProducerEditForm(FlaskForm):
    """Every fact of the record the office may correct (status: by a decision; licence: its own form)."""

    name = _text(_l("Name of the producer"), 160, _l("Please enter the producer's name."))
    kind = SelectField(_l("Kind"), choices=KINDS)
    locality_id = SelectField(_l("Commune or ward"), validators=[DataRequired(_l("Please choose the commune or ward."))])
    address = _text(_l("Address (village, commune)"), 255)
    contact_name = _text(_l("Contact person"), 120)
    contact_phone = PhoneField(_l("Contact phone"), filters=[clean_text], validators=[Optional(), Length(max=20)])
    contact_email = EmailField(_l("Contact email"), filters=[clean_text], validators=[
        Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False), Length(max=254)])
    tax_code = _text(_l("Tax code or business registration number"), 40)
    founded = WholeNumberField(_l("Year founded"), minimum=1900, maximum=2100,
                               message=_l("Please enter a year, like 2015."))
    workers = WholeNumberField(_l("Number of workers"), maximum=100_000)
    trained_workers = WholeNumberField(_l("Workers who have had training"), maximum=100_000)
    ocop_training_on = LocalDateField(_l("OCOP training date"), validators=[Optional()])
    women_led = BooleanField(_l("Run by a woman"))
    ethnic_group = SelectField(_l("Ethnic group of the person who runs it"), choices=_ethnic_choices,
                               validators=[Optional()])
    identity_public = BooleanField(_l("The producer agreed to show its ethnic group and “run by a woman” publicly"))
    value_chain = BooleanField(_l("Works in a value chain"))
    exact_location_public = BooleanField(_l("The producer agreed to show its exact location on the map"))

    def validate_trained_workers(self, field):
        if (field.data or 0) > (self.workers.data or 0):
            raise ValidationError(str(_l("Trained workers cannot be more than all workers.")))

    def producer_fields(self) -> dict:
        """The values for producers.services.office_update()."""
        return {
            "name": self.name.data, "kind": self.kind.data, "locality_id": int(self.locality_id.data),
            "address": self.address.data, "contact_name": self.contact_name.data,
            "contact_phone": self.contact_phone.phone, "contact_email": (self.contact_email.data or "").lower() or None,
            "tax_code": self.tax_code.data, "founded": self.founded.data, "workers": self.workers.data or 0,
            "trained_workers": self.trained_workers.data or 0, "ocop_training_on": self.ocop_training_on.data,
            "women_led": self.women_led.data, "ethnic_group": self.ethnic_group.data or None,
            "identity_public": self.identity_public.data, "value_chain": self.value_chain.data,
            "exact_location_public": self.exact_location_public.data,
        }


class LicenceForm(FlaskForm):
    """The alcohol production licence as the office checked it."""

    number = _text(_l("Licence number"), 60, _l("Please enter the licence number."))
    issuer = _text(_l("Issuing authority"), 160, _l("Please enter who issued the licence."))
    expires_on = LocalDateField(_l("Valid until"), validators=[DataRequired(_l("Please enter the expiry date."))])
