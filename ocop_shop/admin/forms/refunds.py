"""Office forms for refunds: the amount (asked again to confirm), the bank reference of a payout, a note."""
from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from ...text import normalize

GROUPED = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")  # thousands separated as people write them
AMOUNT_HINT = _l("Please enter an amount of more than 0 đồng.")


def _clean(value):
    return normalize(value) if isinstance(value, str) else value


class _Amount(IntegerField):
    """Whole đồng, written 150000 or 150.000; a word, a decimal or a negative number gets a plain message."""

    def process_formdata(self, valuelist):
        if valuelist and GROUPED.match(str(valuelist[0]).strip()):
            valuelist = [re.sub(r"[.,\s]", "", str(valuelist[0]))]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(AMOUNT_HINT)) from error


class RefundForm(FlaskForm):
    """One refund; `key` is made when the page opens, so the same form sent twice refunds once."""

    amount = _Amount(_l("Amount to refund (đồng)"), validators=[
        InputRequired(AMOUNT_HINT), NumberRange(min=1, max=10_000_000_000, message=AMOUNT_HINT)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"})
    bank_reference = StringField(_l("Reference of the bank transfer you made"), filters=[_clean],
                                 validators=[Optional(), Length(max=120)], render_kw={"autocomplete": "off"})
    note = StringField(_l("Note (why, for the order's history)"), filters=[_clean], validators=[Length(max=500)])
    key = HiddenField(validators=[Regexp(r"^[A-Za-z0-9_-]{16,64}$", message=_l(
        "This form is out of date: please open the refund page again."))])
    settles = HiddenField(validators=[Optional(), Regexp(r"^\d{1,12}$")])
    confirmed = HiddenField()

    def fresh(self) -> "RefundForm":
        """A new key for a form opened now."""
        self.key.data = secrets.token_urlsafe(18)
        return self

    @property
    def settles_id(self) -> int | None:
        """The refund request this refund settles, if any."""
        return int(self.settles.data) if (self.settles.data or "").isdigit() else None
