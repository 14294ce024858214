"""The public booking form and the requester's cancel form."""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, StopValidation, ValidationError

from ..addresses import parse_phone
from ..form_fields import LocalDateField, WholeNumberField, clean_text
from ..timeutil import local_today
from .bookings import booking_window
from .experiences import MAX_PARTY

_AT_MOST = _l("At most %(max)d characters.")


class BookingForm(FlaskForm):
    """A request to book an experience: the day, how many people, and how to reach them."""

    requested_on = LocalDateField(_l("Day you would like to come"))
    party_size = WholeNumberField(_l("Number of people"), minimum=1, maximum=MAX_PARTY, required=True)
    contact_name = StringField(_l("Your name"), filters=[clean_text], validators=[
        DataRequired(_l("Please enter your name.")), Length(max=120, message=_AT_MOST)])
    phone = TelField(_l("Phone number"), filters=[clean_text], validators=[
        DataRequired(_l("Please enter a phone number the host can call.")), Length(max=30, message=_AT_MOST)])
    email = EmailField(_l("Email (optional, to hear the answer by email)"), filters=[clean_text], validators=[
        Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False),
        Length(max=254, message=_AT_MOST)])
    message = TextAreaField(_l("Message to the host (optional)"), filters=[clean_text], validators=[
        Optional(), Length(max=1000, message=_AT_MOST)], render_kw={"rows": 3, "maxlength": 1000})

    def for_experience(self, max_party: int) -> "BookingForm":
        """Limit the party size to what the experience takes, and the day to the booking window."""
        self.party_size.maximum = max_party
        self.party_size.message = _l("This experience takes from 1 to %(num)d people.", num=max_party)
        first, last = booking_window(local_today())
        self.requested_on.render_kw = {"min": first.isoformat(), "max": last.isoformat()}
        return self

    def validate_requested_on(self, field):
        if field.data is None:
            if (field.raw_data or [""])[0].strip():
                raise StopValidation()  # typed but not a date: LocalDateField has said so
            field.errors.clear()
            raise StopValidation(_l("Please choose the day you would like to come."))
        first, last = booking_window(local_today())
        if field.data < first:
            raise ValidationError(_l("Please choose today or a later day."))
        if field.data > last:
            raise ValidationError(_l("Requests are taken up to a year ahead: please choose a day until %(day)s.",
                                     day=format_date(last, "long")))

    def validate_phone(self, field):
        self.phone_e164 = parse_phone(field.data)
        if self.phone_e164 is None:
            raise ValidationError(_l("Please enter a valid phone number, for example 0912 345 678."))


class CancelBookingForm(FlaskForm):
    """Withdraw a request: the CSRF token and the status link's secret."""

    t = HiddenField()
