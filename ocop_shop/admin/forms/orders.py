"""Office forms for orders: the list's filters (GET) and cancelling on a buyer's behalf."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField

from ...addresses import provinces
from ...form_fields import LocalDateField, clean_text, text_field
from ...orders import labels
from ...orders.admin_queries import OrderFilters
from ...orders.models import PAYMENT_METHODS
from ...payments.services import CANCEL_NOTE_MAX


def _any(label, words: dict) -> list[tuple[str, str]]:
    return [("", label)] + [(code, word) for code, word in words.items()]


class OrderFilterForm(FlaskForm):
    """The list's filters, read from the query string; a value it does not understand is ignored."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    q = SearchField(_l("Order number or phone"), filters=[clean_text], render_kw={"autocomplete": "off"})
    # default="": a filter left out of the query string means "any", not a wrong value.
    status = SelectField(_l("Order status"), default="", choices=_any(_l("Any status"), labels.ORDER_STATUS))
    payment_method = SelectField(_l("Payment method"), default="", choices=_any(
        _l("Any method"), {code: labels.PAYMENT_METHOD[code] for code in PAYMENT_METHODS}))
    payment_status = SelectField(_l("Payment status"), default="",
                                 choices=_any(_l("Any payment status"), labels.PAYMENT_STATUS))
    producer = SelectField(_l("Producer"), default="")
    place = SelectField(_l("Delivery province"), default="")
    placed_from = LocalDateField(_l("Placed from"))
    placed_to = LocalDateField(_l("Placed until"))

    def __init__(self, producers: list[tuple[int, str]], **kwargs):
        super().__init__(**kwargs)
        self.producer.choices = [("", _l("Any producer"))] + [(str(pid), name) for pid, name in producers]
        self.place.choices = [("", _l("Any province"))] + [(str(code), name) for code, name in provinces()]

    def filters(self) -> OrderFilters:
        """The filters that were understood; a wrong value counts as "any" (it is reset on the form)."""
        self.validate()
        self.ignored = [field.label.text for field in self if field.errors]
        for field in self:
            if field.errors:
                field.data, field.raw_data, field.errors = None, [], []
        return OrderFilters(
            q=(self.q.data or "")[:40], status=self.status.data or None,
            payment_method=self.payment_method.data or None, payment_status=self.payment_status.data or None,
            producer_id=int(self.producer.data) if self.producer.data else None,
            province_code=int(self.place.data) if self.place.data else None,
            placed_from=self.placed_from.data, placed_to=self.placed_to.data)

    def args(self) -> dict:
        """The filters understood, as query-string arguments for the page links (empty ones left out)."""
        return {field.name: value.isoformat() if hasattr(value, "isoformat") else value
                for field in self if (value := field.data)}


class CancelOrderForm(FlaskForm):
    reason = text_field(_l("Why is the order cancelled?"), CANCEL_NOTE_MAX,
                        required_message=_l("Please write why the order is cancelled."), textarea=True)
