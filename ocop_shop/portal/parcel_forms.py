"""Portal forms for parcels: shipping and cash collected on delivery."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .fields import WholeNumberField, clean_text, text_field

CARRIERS = ("Viettel Post", "VNPost", "Giao Hàng Nhanh (GHN)", "Giao Hàng Tiết Kiệm (GHTK)", "J&T Express",
            "Ninja Van", "Best Express")


class ShipForm(FlaskForm):
    carrier = text_field(_l("Carrier"), 80, _l("Please write the carrier's name."))
    tracking_number = text_field(_l("Tracking number"), 80, _l("Please write the tracking number."))


class CashForm(FlaskForm):
    amount = WholeNumberField(_l("Cash collected (đồng)"), minimum=0, maximum=1_000_000_000, required=True)


class DeclineParcelForm(FlaskForm):
    reason = TextAreaField(_l("Why you cannot send it (the customer reads this)"), filters=[clean_text],
                           validators=[DataRequired(_l("Please tell the customer why you cannot send this parcel.")),
                                       Length(max=500, message=_l("At most %(max)d characters."))],
                           render_kw={"rows": 3, "maxlength": 500})
