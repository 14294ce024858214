"""Cart forms: the quantity is parsed by cart.services.parse_quantity for a friendly message; the discount code."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class CartLineForm(FlaskForm):
    """Add a product, or change or remove a line (quantity ignored for removal)."""

    product_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    quantity = StringField(default="1")
    next = HiddenField()


class CouponForm(FlaskForm):
    """Enter a discount code (checked by cart.services.set_coupon)."""

    code = StringField(_l("Discount code"), validators=[
        DataRequired(_l("Please enter a discount code.")), Length(max=40, message=_l("A discount code has at most 40 characters."))])


class RemoveCouponForm(FlaskForm):
    """Take the code off the cart (CSRF only)."""
