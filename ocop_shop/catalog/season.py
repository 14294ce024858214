"""In season: the months a product (or an experience) is at its best, and the month it is now.

A season runs from `season_from` to `season_to`, both months 1–12 and both included. When
from > to it wraps the year's end: November–February holds 11, 12, 1 and 2. No months means
no season given (never "in season"). "Now" is the month in Asia/Ho_Chi_Minh. The same rule
in Python (`in_season`) and in SQL (`in_season_clause`), tested against each other.
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_

from ..i18n import per_locale
from ..timeutil import local_today
from .models import Product

MONTHS = tuple(range(1, 13))


def current_month(at: datetime | None = None) -> int:
    """The month in Asia/Ho_Chi_Minh at a moment, default now (a month starts at local midnight)."""
    return local_today(at).month


def parse_month(raw) -> int | None:
    """A month 1–12 from a query string value; anything else is None (the filter is off)."""
    text = str(raw or "").strip()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return None


def in_season(season_from: int | None, season_to: int | None, month: int) -> bool:
    """Whether the month falls in the season from..to (wrapping the year's end when from > to)."""
    if season_from is None or season_to is None:
        return False
    if season_from <= season_to:
        return season_from <= month <= season_to
    return month >= season_from or month <= season_to


def in_season_clause(month):
    """SQL twin of in_season for Product (month: an int or a bind parameter)."""
    start, end = Product.season_from, Product.season_to
    return or_(and_(start <= end, start <= month, month <= end),
               and_(start > end, or_(month >= start, month <= end)))


def season_months(season_from: int | None, season_to: int | None) -> list[int]:
    """The months of the season in order, from its first month (empty when none is given)."""
    if season_from is None or season_to is None:
        return []
    length = (season_to - season_from) % 12 + 1
    return [(season_from - 1 + i) % 12 + 1 for i in range(length)]


MONTH_NAMES = (_l("January"), _l("February"), _l("March"), _l("April"), _l("May"), _l("June"), _l("July"),
               _l("August"), _l("September"), _l("October"), _l("November"), _l("December"))


@per_locale
def month_names() -> tuple[str, ...]:
    """The twelve names in the page's language (translated once per language and process)."""
    return tuple(str(name) for name in MONTH_NAMES)


def month_name(month: int | None) -> str:
    """The month's name in the page's language ("" for no month)."""
    return month_names()[month - 1] if month in MONTHS else ""


def season_label(season_from: int | None, season_to: int | None) -> str:
    """"September – October", or "" when no season is given."""
    if season_from is None or season_to is None:
        return ""
    if season_from == season_to:
        return month_name(season_from)
    return f"{month_name(season_from)} – {month_name(season_to)}"
