"""Portal forms: joining, members, products, images, story, orders."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, HiddenField, PasswordField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..accounts.services import normalize_phone
from .fields import PercentField, WholeNumberField, clean_text

ETHNIC_GROUPS = ("Tày", "Nùng", "H'Mông", "Dao", "Kinh", "Sán Chay", "Lô Lô", "Hoa")


def _kind_choices():
    return [
        ("cooperative", _l("Cooperative (hợp tác xã)")),
        ("enterprise", _l("Small or medium enterprise (doanh nghiệp)")),
        ("coop_group", _l("Cooperative group (tổ hợp tác)")),
        ("household", _l("Registered household business (hộ kinh doanh)")),
    ]


def _ethnic_choices():
    return [("", _l("Prefer not to say"))] + [(g, g) for g in ETHNIC_GROUPS] + [("other", _l("Another group"))]


class PhoneField(TelField):
    """A Vietnamese phone number, stored as '0912345678' however it was typed."""

    def pre_validate(self, form):
        if self.data and normalize_phone(self.data) is None:
            raise ValidationError(str(_l("Please enter a Vietnamese phone number, like 0912 345 678.")))

    @property
    def phone(self) -> str | None:
        return normalize_phone(self.data) if self.data else None


class LocalDateField(DateField):
    """A date from the browser's date picker (YYYY-MM-DD), with a message in the user's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(_l("Please enter a date, like 2027-12-31."))) from None


def _required(message):
    return DataRequired(message)


class AccountFields(FlaskForm):
    """A new member's account: a phone number and a password; email optional."""

    account_name = StringField(_l("Your name"), filters=[clean_text],
                               validators=[_required(_l("Please enter your name.")), Length(max=120, message=_l("At most %(max)d characters."))])
    phone = PhoneField(_l("Mobile phone number"), filters=[clean_text],
                       validators=[_required(_l("Please enter your phone number.")), Length(max=20)])
    email = EmailField(_l("Email (optional)"), filters=[clean_text],
                       validators=[Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False),
                                   Length(max=254)])
    password = PasswordField(_l("Password"), validators=[
        _required(_l("Please choose a password.")),
        Length(min=10, max=128, message=_l("Use at least 10 characters."))])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        EqualTo("password", _l("The two passwords do not match."))])


class ApplicationForm(AccountFields):
    """Joining: the producer's details (account fields are dropped for a signed-in applicant)."""

    name = StringField(_l("Name of the producer"), filters=[clean_text],
                       validators=[_required(_l("Please enter the producer's name.")), Length(max=160, message=_l("At most %(max)d characters."))])
    kind = SelectField(_l("Kind of producer"), choices=_kind_choices, validators=[DataRequired()])
    locality_id = SelectField(_l("Commune or ward"), coerce=str, validators=[Optional()])
    address = StringField(_l("Address (village, commune)"), filters=[clean_text],
                          validators=[Optional(), Length(max=255, message=_l("At most %(max)d characters."))])
    contact_phone = PhoneField(_l("Phone number for customers and the office"), filters=[clean_text],
                               validators=[Optional(), Length(max=20)])
    contact_email = EmailField(_l("Email for the office (optional)"), filters=[clean_text],
                               validators=[Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False),
                                           Length(max=254)])
    tax_code = StringField(_l("Tax code or business registration number"), filters=[clean_text],
                           validators=[_required(_l("Please enter the tax code or business registration number.")),
                                       Length(max=40, message=_l("At most %(max)d characters."))])
    founded = WholeNumberField(_l("Year founded (optional)"), minimum=1900, maximum=2100,
                               message=_l("Please enter a year, like 2015."))
    workers = WholeNumberField(_l("Number of workers"), maximum=100_000)
    trained_workers = WholeNumberField(_l("Workers who have had training"), maximum=100_000)
    women_led = BooleanField(_l("Run by a woman"))
    ethnic_group = SelectField(_l("Ethnic group of the person who runs it"), choices=_ethnic_choices,
                               validators=[Optional()])
    identity_public = BooleanField(_l("Show the ethnic group and “run by a woman” on our public page"))
    value_chain = BooleanField(_l("We work in a value chain (buy from or sell to local growers)"))
    alcohol_licence_number = StringField(_l("Alcohol production licence number (drink makers)"), filters=[clean_text],
                                         validators=[Optional(), Length(max=60, message=_l("At most %(max)d characters."))])
    alcohol_licence_expires_on = LocalDateField(_l("Licence valid until"), validators=[Optional()],
                                           render_kw={"placeholder": "2027-12-31"})

    def validate_trained_workers(self, field):
        if (field.data or 0) > (self.workers.data or 0):
            raise ValidationError(str(_l("Trained workers cannot be more than all workers.")))

    def producer_fields(self) -> dict:
        """The values for producers.services.apply()."""
        return {
            "name": self.name.data if self.name else None, "kind": self.kind.data if self.kind else None,
            "locality_id": int(self.locality_id.data) if self.locality_id.data else None,
            "address": self.address.data, "contact_phone": self.contact_phone.phone,
            "contact_email": (self.contact_email.data or "").lower() or None,
            "tax_code": self.tax_code.data if self.tax_code else None, "founded": self.founded.data,
            "workers": self.workers.data or 0, "trained_workers": self.trained_workers.data or 0,
            "women_led": self.women_led.data, "ethnic_group": self.ethnic_group.data or None,
            "identity_public": self.identity_public.data, "value_chain": self.value_chain.data,
            "alcohol_licence_number": self.alcohol_licence_number.data,
            "alcohol_licence_expires_on": self.alcohol_licence_expires_on.data,
        }


ACCOUNT_FIELD_NAMES = ("account_name", "phone", "email", "password", "confirm")


class NewMemberForm(AccountFields):
    """Accepting an invitation without an account yet."""


class InviteForm(FlaskForm):
    name = StringField(_l("Their name"), filters=[clean_text],
                       validators=[_required(_l("Please enter their name.")), Length(max=120, message=_l("At most %(max)d characters."))])
    phone = PhoneField(_l("Their mobile phone number"), filters=[clean_text],
                       validators=[_required(_l("Please enter their phone number.")), Length(max=20)])
    email = EmailField(_l("Their email (optional)"), filters=[clean_text],
                       validators=[Optional(), Email(_l("Please enter a valid email address."), check_deliverability=False),
                                   Length(max=254)])


class ConfirmForm(FlaskForm):
    """A confirm step: only the CSRF token."""


# --- products ------------------------------------------------------------------------------

def _text(label, max_length, required_message=None, textarea=False):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    validators.append(Length(max=max_length, message=_l("At most %(max)d characters.")))
    kind = TextAreaField if textarea else StringField
    return kind(label, filters=[clean_text], validators=validators,
                render_kw={"maxlength": max_length} if not textarea else {"rows": 4})


MAX_PRICE = 200_000_000
MAX_STOCK = 100_000


class PriceStockForm(FlaskForm):
    """Price and stock: they change at once, even on a published product."""

    price = WholeNumberField(_l("Price (đồng)"), minimum=1_000, maximum=MAX_PRICE, required=True,
                             message=_l("The price must be from 1.000 đ to 200.000.000 đ."))
    stock = WholeNumberField(_l("Quantity in stock"), minimum=0, maximum=MAX_STOCK, required=True,
                             message=_l("Stock must be from 0 to 100.000."))


class ProductForm(FlaskForm):
    """A product's text (vi required, en optional) and facts; price and stock only when creating."""

    name_vi = _text(_l("Name in Vietnamese"), 120, _l("Please enter the name in Vietnamese."))
    category_id = SelectField(_l("Group"), coerce=str, validators=[DataRequired(_l("Please choose a group."))])
    unit_vi = _text(_l("Sold by (bottle, pack, kg…)"), 40, _l("Please say how it is sold, like “chai” or “gói”."))
    net_quantity = _text(_l("Net quantity (optional)"), 40)
    weight_grams = WholeNumberField(_l("Weight with packaging, in grams"), minimum=0, maximum=50_000,
                                    message=_l("The weight must be from 1 to 50.000 grams."))
    price = WholeNumberField(_l("Price (đồng)"), minimum=1_000, maximum=MAX_PRICE, required=True,
                             message=_l("The price must be from 1.000 đ to 200.000.000 đ."))
    stock = WholeNumberField(_l("Quantity in stock"), minimum=0, maximum=MAX_STOCK, required=True,
                             message=_l("Stock must be from 0 to 100.000."))
    abv = PercentField(_l("Alcohol strength, % (drinks only)"))
    shelf_life_days = WholeNumberField(_l("Shelf life in days (optional)"), minimum=1, maximum=3650,
                                       message=_l("Shelf life must be from 1 to 3.650 days."))
    food_safety_number = _text(_l("Food safety self-declaration number (optional)"), 60)
    description_vi = _text(_l("Description in Vietnamese"), 4000, textarea=True)
    ingredients_vi = _text(_l("Ingredients in Vietnamese"), 1000, textarea=True)
    usage_vi = _text(_l("How to use, in Vietnamese"), 1000, textarea=True)
    storage_vi = _text(_l("How to store, in Vietnamese"), 1000, textarea=True)
    name_en = _text(_l("Name in English"), 120)
    unit_en = _text(_l("Sold by, in English (bottle, pack…)"), 40)
    description_en = _text(_l("Description in English"), 4000, textarea=True)
    ingredients_en = _text(_l("Ingredients in English"), 1000, textarea=True)
    usage_en = _text(_l("How to use, in English"), 1000, textarea=True)
    storage_en = _text(_l("How to store, in English"), 1000, textarea=True)

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

    def content(self) -> dict:
        """The per-language text for the catalog services."""
        return {lang: {name: getattr(self, f"{name}_{lang}").data for name in
                       ("name", "unit", "description", "ingredients", "usage", "storage")}
                for lang in ("vi", "en")}

    def facts(self) -> dict:
        return {"net_quantity": self.net_quantity.data or None, "weight_grams": self.weight_grams.data or 0,
                "shelf_life_days": self.shelf_life_days.data, "food_safety_number": self.food_safety_number.data or None,
                "abv": self.abv.data}

    def fill_from(self, content: dict, facts: dict) -> None:
        """Show a working copy (the product, or its waiting changes)."""
        for lang in ("vi", "en"):
            values = content.get(lang, {})
            for name in ("name", "unit", "description", "ingredients", "usage", "storage"):
                getattr(self, f"{name}_{lang}").data = values.get(name, "")
        self.category_id.data = str(facts.get("category_id") or "")
        for name in ("net_quantity", "weight_grams", "shelf_life_days", "food_safety_number", "abv"):
            getattr(self, name).data = facts.get(name)


class EditProductForm(ProductForm):
    """Editing: price and stock have their own form (they change at once)."""

    price = None
    stock = None


# --- photos --------------------------------------------------------------------------------

IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


class PhotoForm(FlaskForm):
    """One photo with its description for people who cannot see it."""

    photo = FileField(_l("Photo (JPEG, PNG or WebP, up to 15 MB)"),
                      validators=[FileRequired(_l("Please choose a photo."))], render_kw={"accept": IMAGE_ACCEPT})
    alt_vi = _text(_l("What the photo shows, in Vietnamese (optional)"), 200)
    alt_en = _text(_l("What the photo shows, in English (optional)"), 200)

    def alt(self) -> dict:
        return {"vi": self.alt_vi.data, "en": self.alt_en.data}


class AltForm(FlaskForm):
    alt_vi = _text(_l("What the photo shows, in Vietnamese"), 200)
    alt_en = _text(_l("What the photo shows, in English"), 200)

    def alt(self) -> dict:
        return {"vi": self.alt_vi.data, "en": self.alt_en.data}


class NewProductForm(ProductForm):
    """Creating a product, with an optional first photo kept across a form error."""

    photo = FileField(_l("First photo (optional)"), render_kw={"accept": IMAGE_ACCEPT})
    kept_photo = HiddenField()


# --- story and profile ---------------------------------------------------------------------

class StoryForm(FlaskForm):
    """The producer's story and short introduction, in Vietnamese and English."""

    excerpt_vi = _text(_l("Short introduction in Vietnamese (one or two sentences)"), 300, textarea=True)
    story_vi = _text(_l("Your story in Vietnamese"), 8000, textarea=True)
    excerpt_en = _text(_l("Short introduction in English (optional)"), 300, textarea=True)
    story_en = _text(_l("Your story in English (optional)"), 8000, textarea=True)

    def content(self) -> dict:
        return {lang: {"story": getattr(self, f"story_{lang}").data, "excerpt": getattr(self, f"excerpt_{lang}").data}
                for lang in ("vi", "en")}

    def fill_from(self, content: dict) -> None:
        for lang in ("vi", "en"):
            for name in ("story", "excerpt"):
                getattr(self, f"{name}_{lang}").data = (content or {}).get(lang, {}).get(name, "")


class ProfileForm(ApplicationForm):
    """What members keep current themselves; name, kind and tax code go through the office."""

    name = None
    kind = None
    tax_code = None
    account_name = None
    phone = None
    email = None
    password = None
    confirm = None
    contact_name = StringField(_l("Contact person"), filters=[clean_text],
                               validators=[Optional(), Length(max=120, message=_l("At most %(max)d characters."))])
    ocop_training_on = LocalDateField(_l("Date of your OCOP training (optional)"), validators=[Optional()])
    exact_location_public = BooleanField(_l("Show our exact place on the map (otherwise the centre of the commune)"))

    def profile_fields(self) -> dict:
        fields = self.producer_fields()
        for key in ("name", "kind", "tax_code"):
            fields.pop(key, None)
        fields.update(contact_name=self.contact_name.data or None, ocop_training_on=self.ocop_training_on.data,
                      exact_location_public=self.exact_location_public.data)
        return fields


# --- parcels -------------------------------------------------------------------------------

CARRIERS = ("Viettel Post", "VNPost", "Giao Hàng Nhanh (GHN)", "Giao Hàng Tiết Kiệm (GHTK)", "J&T Express",
            "Ninja Van", "Best Express")


class ShipForm(FlaskForm):
    carrier = _text(_l("Carrier"), 80, _l("Please write the carrier's name."))
    tracking_number = _text(_l("Tracking number"), 80, _l("Please write the tracking number."))


class CashForm(FlaskForm):
    amount = WholeNumberField(_l("Cash collected (đồng)"), minimum=0, maximum=1_000_000_000, required=True)
