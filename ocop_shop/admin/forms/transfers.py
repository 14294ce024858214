"""Office forms for payments."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ...form_fields import WholeNumberField
from ...text import normalize


def _clean(value):
    return normalize(value).upper() if isinstance(value, str) else value


class TransferForm(FlaskForm):
    """A transfer received for an order (on the order's own page, which knows the number)."""

    amount = WholeNumberField(_l("Amount received (đồng)"), minimum=1, maximum=10_000_000_000, required=True,
                              message=_l("Please enter the amount received, in đồng."))
    reference = StringField(_l("Bank reference"), filters=[_clean], validators=[
        DataRequired(_l("Please enter the bank's reference for this transfer.")), Length(max=120)])


class ConfirmTransferForm(TransferForm):
    """A transfer received, with the order number its memo gave (the transfers page)."""

    number = StringField(_l("Order number (the transfer memo)"), filters=[_clean],
                         validators=[DataRequired(_l("Please enter the order number.")), Length(max=10)])
