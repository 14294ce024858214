"""The catalog and search parameters (DESIGN §5), parsed once for every listing page.

    category   group or sub-category slug     stars      minimum stars, 3–5
    place      locality slug                  producer   producer slug
    min_price  đồng, whole number ≥ 0         max_price  đồng, whole number ≥ 0
    month      in season that month, 1–12 (catalog/season.py)
    sort       relevance | price_asc | price_desc | newest | stars
    page       1..last

What happens to a bad value (never a 500, and never a 400 for a link someone
typed by hand or kept from an old visit; a listing always answers 200):

- A value that cannot mean anything (``stars=abc``, ``stars=9``, ``min_price=-5``,
  ``sort=cheapest``, a slug with characters no slug has) is **ignored with a
  visible notice** ("The star filter “abc” was not understood…"), so the visitor
  sees the list without that filter and knows why.
- A slug that is well formed but names nothing public (an unknown group, a
  producer that is not approved) is also ignored with a notice; that check needs
  the database, so `queries` adds those notices (``CatalogParams.with_notice``).
- ``page`` is **clamped** without a notice: below 1 or not a number → 1; past the
  last page → the last page (`clamp_page`, once the result count is known; the
  catalog answers such a URL with a 302 to the last page's own URL).
- Prices may be typed the Vietnamese way ("150.000", "150.000 ₫"): dots, commas,
  spaces and the currency sign are dropped. ``min_price`` above ``max_price`` is
  read as the two swapped. Price filters, price sorts and the search's price bands use the
  price a shopper pays now (running campaigns included, coupons not: promotions.pricing).
- ``sort=relevance`` without a search text means the page's default order.
- A parameter given twice counts once (the first value).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Mapping
from urllib.parse import quote_plus

from flask_babel import lazy_gettext as _l

SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")
MIN_STARS, MAX_STARS = 3, 5
MAX_PRICE = 1_000_000_000
MAX_PAGE_PARAM = 1_000_000
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
_PRICE_NOISE = re.compile(r"[\s.,_₫đ]|vnd|vnđ", re.IGNORECASE)
# The characters werkzeug leaves unquoted in the query string url_for builds (werkzeug.urls,
# https://url.spec.whatwg.org/#percent-encoded-bytes); query_string() must give the same text.
_QUERY_SAFE = "!$'()*,/:;?@"
# Text that quote_plus returns unchanged (letters, digits, "_.-~" and the safe characters above):
# slugs, numbers and sort names, nearly every value a listing link carries.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~!$'()*,/:;?@-]*\Z")

# How each sort order is named in a sort menu.
SORT_LABELS = {
    "relevance": _l("Best match"),
    "newest": _l("Newest first"),
    "price_asc": _l("Price: low to high"),
    "price_desc": _l("Price: high to low"),
    "stars": _l("Most OCOP stars"),
}

# What a visitor reads when a value is ignored (shown above the list).
_NOT_UNDERSTOOD = {
    "category": _l("The category “%(value)s” was not understood, so all categories are shown."),
    "stars": _l("“%(value)s” is not a star level (3 to 5), so the star filter is not applied."),
    "place": _l("The place “%(value)s” was not understood, so all places are shown."),
    "producer": _l("The producer “%(value)s” was not understood, so all producers are shown."),
    "min_price": _l("“%(value)s” is not an amount in đồng, so the lowest price is not applied."),
    "max_price": _l("“%(value)s” is not an amount in đồng, so the highest price is not applied."),
    "sort": _l("“%(value)s” is not a sort order we know, so the usual order is used."),
    "month": _l("“%(value)s” is not a month (1 to 12), so the in-season filter is off."),
}
_NOT_FOUND = {
    "category": _l("There is no category “%(value)s”, so all categories are shown."),
    "place": _l("There is no place “%(value)s” in the shop, so all places are shown."),
    "producer": _l("There is no producer “%(value)s” in the shop, so all producers are shown."),
}


@dataclass(frozen=True)
class CatalogParams:
    """The parsed parameters of a catalog or search page; `notices` explain what was ignored."""

    category: str | None = None
    stars: int | None = None
    place: str | None = None
    producer: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    month: int | None = None
    sort: str = "newest"
    page: int = 1
    default_sort: str = "newest"
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def filtered(self) -> bool:
        """Whether any filter (not sort or page) narrows the list."""
        return any(v is not None for v in (self.category, self.stars, self.place, self.producer,
                                           self.min_price, self.max_price, self.month))

    def without(self, name: str) -> "CatalogParams":
        """These parameters with one filter dropped (used when a slug names nothing)."""
        return replace(self, **{name: None})

    def with_notice(self, notice: str) -> "CatalogParams":
        return replace(self, notices=self.notices + (notice,))

    def with_page(self, page: int) -> "CatalogParams":
        return replace(self, page=page)

    def to_args(self, **overrides) -> dict[str, str | int]:
        """Query-string arguments for url_for: set values only, defaults left out.

        ``overrides`` replace values; an override of None drops the parameter
        (``to_args(page=None)`` for pagination links, ``to_args(stars=None)`` to
        remove a filter).
        """
        values = {
            "category": self.category, "stars": self.stars, "place": self.place,
            "producer": self.producer, "min_price": self.min_price, "max_price": self.max_price,
            "month": self.month,
            "sort": None if self.sort == self.default_sort else self.sort,
            "page": None if self.page == 1 else self.page,
        }
        values.update(overrides)
        return {k: v for k, v in values.items() if v is not None and v != ""}


def query_string(args: Mapping[str, object]) -> str:
    """What url_for(endpoint, **args) appends to url_for(endpoint): "?a=1&b=x" ("" for none).

    A listing draws some forty links that differ only in their query; url_for once for the
    path and this for each query cost a fraction of forty url_for calls
    (tests/test_listing_links.py holds the two to the same text).
    """
    pairs = [f"{_quoted(name)}={_quoted(value)}" for name, value in args.items() if value is not None]
    return "?" + "&".join(pairs) if pairs else ""


def _quoted(value: object) -> str:
    """What urllib.parse.urlencode(..., safe=_QUERY_SAFE) writes for one name or value."""
    text = value if isinstance(value, str) else str(value)
    return text if _UNQUOTED.match(text) else quote_plus(text, safe=_QUERY_SAFE)


def parse_params(args: Mapping[str, str], default_sort: str = "newest",
                 sorts: tuple[str, ...] = SORTS) -> CatalogParams:
    """Read the shared parameters from a request's query string; never raises."""
    notices: list[str] = []
    values: dict = {}
    for name in ("category", "place", "producer"):
        values[name] = _slug(args, name, notices)
    values["stars"] = _stars(args, notices)
    low, high = _price(args, "min_price", notices), _price(args, "max_price", notices)
    if low is not None and high is not None and low > high:
        low, high = high, low
    values["min_price"], values["max_price"] = low, high
    values["month"] = _month(args, notices)
    values["sort"] = _sort(args, default_sort, sorts, notices)
    values["page"] = _page(args)
    return CatalogParams(**values, default_sort=default_sort, notices=tuple(notices))


def clamp_page(params: CatalogParams, total: int, per_page: int) -> tuple[CatalogParams, int]:
    """The parameters with page inside 1..last, and the last page number (≥ 1)."""
    last = max(1, -(-total // per_page))
    return params.with_page(min(max(params.page, 1), last)), last


def not_understood(name: str, raw: str) -> str:
    """The notice shown when a parameter's value is ignored."""
    return str(_NOT_UNDERSTOOD[name]) % {"value": _shorten(raw)}


def not_found(name: str, raw: str) -> str:
    """The notice shown when a slug (category, place, producer) names nothing public."""
    return str(_NOT_FOUND[name]) % {"value": _shorten(raw)}


def _first(args: Mapping[str, str], name: str) -> str:
    value = args.get(name)
    return value.strip() if isinstance(value, str) else ""


def _shorten(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:39] + "…"


def _slug(args, name: str, notices: list[str]) -> str | None:
    raw = _first(args, name)
    if not raw:
        return None
    slug = raw.lower()
    if _SLUG.match(slug):
        return slug
    notices.append(not_understood(name, raw))
    return None


def _stars(args, notices: list[str]) -> int | None:
    raw = _first(args, "stars")
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and MIN_STARS <= int(raw) <= MAX_STARS:
        return int(raw)
    notices.append(not_understood("stars", raw))
    return None


def _price(args, name: str, notices: list[str]) -> int | None:
    raw = _first(args, name)
    if not raw:
        return None
    digits = _PRICE_NOISE.sub("", raw)
    if digits.isascii() and digits.isdigit() and int(digits) <= MAX_PRICE:
        return int(digits)
    notices.append(not_understood(name, raw))
    return None


def _month(args, notices: list[str]) -> int | None:
    raw = _first(args, "month")
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 12:
        return int(raw)
    notices.append(not_understood("month", raw))
    return None


def _sort(args, default_sort: str, sorts: tuple[str, ...], notices: list[str]) -> str:
    raw = _first(args, "sort")
    if not raw:
        return default_sort
    if raw in sorts:
        return raw
    if raw in SORTS:  # a shared value this page has no use for (relevance without a query)
        return default_sort
    notices.append(not_understood("sort", raw))
    return default_sort


def _page(args) -> int:
    raw = _first(args, "page")
    if raw.isascii() and raw.isdigit():
        return max(1, min(int(raw), MAX_PAGE_PARAM))
    return 1
