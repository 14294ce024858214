"""Portal forms for products: text and facts, price and stock."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, ValidationError

from ..catalog.season import MONTH_NAMES
from .fields import PercentField, WholeNumberField, text_field
from .photo_forms import IMAGE_ACCEPT

MAX_PRICE = 200_000_000
MAX_STOCK = 100_000
# The months a product or an experience is at its best (catalog/season.py); "" = no season given.
SEASON_CHOICES = [("", _l("No particular season"))] + [(str(m), name) for m, name in enumerate(MONTH_NAMES, 1)]


class PriceStockForm(FlaskForm):
    """Price and stock: they change at once, even on a published product."""

    price = WholeNumberField(_l("Price (đồng)"), minimum=1_000, maximum=MAX_PRICE, required=True,
                             message=_l("The price must be from 1.000 đ to 200.000.000 đ."))
    stock = WholeNumberField(_l("Quantity in stock"), minimum=0, maximum=MAX_STOCK, required=True,
                             message=_l("Stock must be from 0 to 100.000."))
    # The stock shown when the form was opened: a sale since then makes the save refuse
    # instead of putting sold units back on sale (catalog.services.set_stock).
    stock_seen = HiddenField()

    def seen(self) -> int | None:
        """The stock the form was opened with, or None when the form did not send it."""
        value = (self.stock_seen.data or "").strip()
        return int(value) if value.isdigit() else None

    @classmethod
    def showing(cls, product, **kwargs) -> "PriceStockForm":
        """A form showing the product's price and stock now."""
        return cls(formdata=None, data={"price": product.price, "stock": product.stock,
                                        "stock_seen": str(product.stock)}, **kwargs)


class ProductForm(FlaskForm):
    """A product's text (vi required, en optional) and facts; price and stock only when creating."""

    name_vi = text_field(_l("Name in Vietnamese"), 120, _l("Please enter the name in Vietnamese."))
    category_id = SelectField(_l("Group"), coerce=str, validators=[DataRequired(_l("Please choose a group."))])
    unit_vi = text_field(_l("Sold by (bottle, pack, kg…)"), 40, _l("Please say how it is sold, like “chai” or “gói”."))
    net_quantity = text_field(_l("Net quantity (optional)"), 40)
    weight_grams = WholeNumberField(_l("Weight with packaging, in grams"), minimum=0, maximum=50_000,
                                    message=_l("The weight must be from 1 to 50.000 grams."))
    price = WholeNumberField(_l("Price (đồng)"), minimum=1_000, maximum=MAX_PRICE, required=True,
                             message=_l("The price must be from 1.000 đ to 200.000.000 đ."))
    stock = WholeNumberField(_l("Quantity in stock"), minimum=0, maximum=MAX_STOCK, required=True,
                             message=_l("Stock must be from 0 to 100.000."))
    abv = PercentField(_l("Alcohol strength, % (drinks only)"))
    shelf_life_days = WholeNumberField(_l("Shelf life in days (optional)"), minimum=1, maximum=3650,
                                       message=_l("Shelf life must be from 1 to 3.650 days."))
    food_safety_number = text_field(_l("Food safety self-declaration number (optional)"), 60)
    season_from = SelectField(_l("At its best from"), coerce=str, choices=SEASON_CHOICES, default="")
    season_to = SelectField(_l("Until"), coerce=str, choices=SEASON_CHOICES, default="")
    description_vi = text_field(_l("Description in Vietnamese"), 4000, textarea=True)
    ingredients_vi = text_field(_l("Ingredients in Vietnamese"), 1000, textarea=True)
    usage_vi = text_field(_l("How to use, in Vietnamese"), 1000, textarea=True)
    storage_vi = text_field(_l("How to store, in Vietnamese"), 1000, textarea=True)
    name_en = text_field(_l("Name in English"), 120)
    unit_en = text_field(_l("Sold by, in English (bottle, pack…)"), 40)
    description_en = text_field(_l("Description in English"), 4000, textarea=True)
    ingredients_en = text_field(_l("Ingredients in English"), 1000, textarea=True)
    usage_en = text_field(_l("How to use, in English"), 1000, textarea=True)
    storage_en = text_field(_l("How to store, in English"), 1000, textarea=True)

    drinks_group = 2  # OCOP group 2: beverages
    experiences_group = 6  # OCOP group 6: community tourism, booked and never shipped

    def __init__(self, *args, groups: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._groups = groups or {}

    def validate_abv(self, field):
        group = self._groups.get(self.category_id.data)
        if field.data is not None and group is not None and group != self.drinks_group:
            raise ValidationError(str(_l("Only drinks have an alcohol strength. Leave this empty.")))

    def validate_weight_grams(self, field):
        """Parcels are priced for shipping by weight; experiences are never shipped."""
        if self._groups.get(self.category_id.data) != self.experiences_group and not field.data:
            raise ValidationError(str(self.weight_grams.message))

    def validate_season_to(self, field):
        if bool(self.season_from.data) != bool(field.data):
            raise ValidationError(str(_l("Choose both months of the season, or neither.")))

    def content(self) -> dict:
        """The per-language text for the catalog services."""
        return {lang: {name: getattr(self, f"{name}_{lang}").data for name in
                       ("name", "unit", "description", "ingredients", "usage", "storage")}
                for lang in ("vi", "en")}

    def facts(self) -> dict:
        return {"net_quantity": self.net_quantity.data or None, "weight_grams": self.weight_grams.data or 0,
                "shelf_life_days": self.shelf_life_days.data, "food_safety_number": self.food_safety_number.data or None,
                "abv": self.abv.data, "season_from": int(self.season_from.data) if self.season_from.data else None,
                "season_to": int(self.season_to.data) if self.season_to.data else None}

    def fill_from(self, content: dict, facts: dict) -> None:
        """Show a working copy (the product, or its waiting changes)."""
        for lang in ("vi", "en"):
            values = content.get(lang, {})
            for name in ("name", "unit", "description", "ingredients", "usage", "storage"):
                getattr(self, f"{name}_{lang}").data = values.get(name, "")
        self.category_id.data = str(facts.get("category_id") or "")
        for name in ("net_quantity", "weight_grams", "shelf_life_days", "food_safety_number", "abv"):
            getattr(self, name).data = facts.get(name)
        for name in ("season_from", "season_to"):
            getattr(self, name).data = str(facts.get(name) or "")


class EditProductForm(ProductForm):
    """Editing: price and stock have their own form (they change at once)."""

    price = None
    stock = None


class NewProductForm(ProductForm):
    """Creating a product, with an optional first photo kept across a form error."""

    photo = FileField(_l("First photo (optional)"), render_kw={"accept": IMAGE_ACCEPT})
    kept_photo = HiddenField()
