"""The portal's form fields live in ocop_shop/form_fields.py (several page layers share them)."""
from ..form_fields import (  # noqa: F401
    LocalDateField, PercentField, PhoneField, WholeNumberField, clean_text, parse_whole_number, text_field,
)
