"""Office forms for payments."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ...text import normalize


def _clean(value):
    return normalize(value).upper() if isinstance(value, str) else value


class ConfirmTransferForm(FlaskForm):
    number = StringField(_l("Order number (the transfer memo)"), filters=[_clean],
                         validators=[DataRequired(_l("Please enter the order number.")), Length(max=10)])
    amount = IntegerField(_l("Amount received (đồng)"), validators=[
        InputRequired(_l("Please enter the amount received, in đồng.")),
        NumberRange(min=1, max=10_000_000_000, message=_l("Please enter the amount received, in đồng."))])
    reference = StringField(_l("Bank reference"), filters=[_clean], validators=[
        DataRequired(_l("Please enter the bank's reference for this transfer.")), Length(max=120)])
