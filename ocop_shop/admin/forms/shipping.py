"""Office form for a shipping zone: its provinces, weight bands and prices, free-shipping threshold.

The form only reads whole numbers; the rules (no gap or overlap, no negative price, a province
in one zone) are checked by orders/shipping_rules.py, whose problems the view puts on the fields.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, IntegerField, SelectMultipleField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ...orders.shipping_rules import Band

NUMBER_HINT = _l("Please enter a whole number.")
BLANK_ROWS = 2  # empty bands offered for adding


class _Whole(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(NUMBER_HINT)) from error


class BandForm(Form):
    """One weight band; a row left empty is ignored, a row marked for removal is dropped."""

    from_grams = _Whole(_l("From (g, not included)"), validators=[Optional()], render_kw={"inputmode": "numeric"})
    max_grams = _Whole(_l("Up to (g)"), validators=[Optional()], render_kw={"inputmode": "numeric"})
    fee = _Whole(_l("Price (đồng)"), validators=[Optional()], render_kw={"inputmode": "numeric"})
    remove = BooleanField(_l("Remove this band"))

    @property
    def blank(self) -> bool:
        return all(f.data is None for f in (self.from_grams, self.max_grams, self.fee))


class ShippingZoneForm(FlaskForm):
    provinces = SelectMultipleField(_l("Provinces in this zone"), coerce=int, widget=ListWidget(prefix_label=False),
                                    option_widget=CheckboxInput())
    bands = FieldList(FormField(BandForm), min_entries=1)
    free_over = _Whole(_l("Free shipping from an order of (đồng)"), validators=[Optional()],
                       render_kw={"inputmode": "numeric"})
    extra_per_kg = _Whole(_l("Each kg above the last band (đồng)"), validators=[InputRequired(NUMBER_HINT)],
                          render_kw={"inputmode": "numeric"})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.band_notes: list[str] = []  # problems of the bands as a whole (none left)

    def load(self, rules) -> "ShippingZoneForm":
        """Fill an unsent form from a zone's rules, with blank rows to add bands."""
        self.free_over.data, self.extra_per_kg.data = rules.zone.free_over, rules.zone.extra_per_kg
        self.provinces.data = list(rules.provinces)
        while self.bands.entries:
            self.bands.pop_entry()
        for band in rules.bands:
            self.bands.append_entry({"from_grams": band.from_grams, "max_grams": band.max_grams, "fee": band.fee})
        for _ in range(BLANK_ROWS):
            self.bands.append_entry()
        return self

    def kept_bands(self) -> tuple[list[Band], list]:
        """The bands to save and, row for row, the subforms they came from (for errors)."""
        kept, rows = [], []
        for entry in self.bands.entries:
            sub = entry.form
            if sub.remove.data or sub.blank:
                continue
            missing = [f for f in (sub.from_grams, sub.max_grams, sub.fee) if f.data is None]
            for f in missing:
                f.errors = [*f.errors, str(_l("Please fill in this band's three numbers, or leave it empty."))]
            if not missing:
                kept.append(Band(sub.from_grams.data, sub.max_grams.data, sub.fee.data))
                rows.append(sub)
        return kept, rows
