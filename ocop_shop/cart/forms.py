"""Cart forms: the quantity is parsed by cart.services.parse_quantity for a friendly message."""
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import InputRequired, NumberRange


class CartLineForm(FlaskForm):
    """Add a product, or change or remove a line (quantity ignored for removal)."""

    product_id = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31 - 1)])
    quantity = StringField(default="1")
    next = HiddenField()
