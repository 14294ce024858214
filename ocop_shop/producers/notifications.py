"""What each producer notification says, in the reader's language (dashboard and email)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import Notification

TEXTS = {
    "producer_approved": _l("The OCOP office approved your producer account. You can now add products."),
    "producer_suspended": _l("The OCOP office suspended your shop: %(reason)s. You can still fulfil open orders."),
    "product_published": _l("“%(name)s” is now public in the shop."),
    "product_sent_back": _l("The office sent “%(name)s” back: %(reason)s"),
    "revision_approved": _l("Your changes to “%(name)s” are now public."),
    "revision_sent_back": _l("The office sent your changes to “%(name)s” back: %(reason)s"),
    "order_new": _l("New order %(number)s to accept."),
    "certificate_expiring": _l("OCOP certificate %(number)s (%(products)s) expires on %(day)s. To keep the OCOP "
                               "stars, contact the OCOP office or your commune to be re-assessed before that day."),
    "booking_new": _l("New booking request for “%(name)s”: %(party)s people on %(day)s."),
}


def message(note: Notification) -> str:
    """The notification's sentence in the current language."""
    return render(note.kind, note.params or {})


def render(kind: str, params: dict) -> str:
    text = TEXTS.get(kind)
    if text is None:
        return kind
    try:
        return str(text) % dict(params)
    except (KeyError, TypeError, ValueError):
        return str(text)
