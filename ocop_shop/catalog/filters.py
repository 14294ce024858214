"""The one definition of a product listing's filters, facets and sorts (catalog and search pages).

Both pages parse the same parameters (params.py), draw the same panel (catalog/_filters.html),
the same sort menu (catalog/_sort.html) and the same active-filter chips from what this module
builds. Only the facet counts differ by source: the catalog counts in SQL (facet_counts.py),
the search page reads the engine's Facets (search/listing_facets.py). Each adapter gives a
neutral `counts` mapping: facet name → {value: count}; a facet missing from it has no counts.

A filter declared here with both pages appears on both; `month` is catalog-only (the search
engine has no season field; see docs/DECISIONS.md), so the search page drops it with a notice.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..i18n import current_lang, gettext as _, per_locale
from ..money import format_vnd
from .params import SORT_LABELS, CatalogParams, query_string
from .season import month_name, month_names

BOTH, CATALOG_ONLY = ("catalog", "search"), ("catalog",)
ENDPOINTS = {"catalog": "catalog.products", "search": "search.results"}  # each listing page's view
BROWSE_SORTS = ("newest", "price_asc", "price_desc", "stars")
QUERY_SORTS = ("relevance", *BROWSE_SORTS)  # the same menu, "best match" first when there is a text
STAR_LEVELS = (3, 4, 5)
PLACES_SHOWN = 12
# Price bands (đồng, inclusive): key, low, high. The search engines count these same bands
# (search/facets.py imports them).
PRICE_BANDS = (
    ("under-100k", None, 100_000),
    ("100k-300k", 100_001, 300_000),
    ("300k-1m", 300_001, 1_000_000),
    ("over-1m", 1_000_001, None),
)


@dataclass(frozen=True)
class Names:
    """What the slugs in use are called (resolved by listing.resolve)."""

    category: str | None = None
    place: str | None = None
    producer: str | None = None


@dataclass(frozen=True)
class Option:
    """One choice of a facet: its words, the parameters a click sets, its count (None: unknown)."""

    label: str
    args: dict
    count: int | None
    active: bool
    sub: bool = False
    href: str = ""  # the page with `args` applied (set by panel())


@dataclass(frozen=True)
class FacetGroup:
    """A facet drawn as links with counts; `note` says why it has nothing to offer."""

    name: str
    label: str
    options: list[Option]
    note: str = ""


@dataclass(frozen=True)
class Chip:
    """An active filter: its words and the parameters its "remove" link drops."""

    label: str
    remove: dict
    href: str = ""  # the page without this filter (set by panel())


@dataclass(frozen=True)
class ListingFilter:
    """A filter of the listing: its parameters, label, pages, facet options and chip."""

    name: str
    params: tuple[str, ...]
    label: object
    pages: tuple[str, ...]
    chip: Callable[[CatalogParams, Names], str | None]
    options: Callable | None = None  # (params, choices, counts) -> list[Option]; None: no facet


def vnd(amount: int) -> str:
    return format_vnd(amount, current_lang())


def stars_label(n: int) -> str:
    known = _words()["stars"].get(n)
    return known if known is not None else _star_words(n)


def _star_words(n: int) -> str:
    return _("%(stars)d stars or more", stars=n) if n < 5 else _("5 stars")


def band_of(min_price: int | None, max_price: int | None) -> str | None:
    """The price band these bounds select exactly, if any."""
    for band, low, high in PRICE_BANDS:
        if (low, high) == (min_price, max_price) or (low is None and min_price in (None, 0) and high == max_price):
            return band
    return None


def band_label(low: int | None, high: int | None) -> str:
    """A band's words: "up to 100.000 ₫", "100.000 ₫ – 300.000 ₫", "over 1.000.000 ₫"."""
    known = _words()["bands"].get((low, high))
    return known if known is not None else _band_words(low, high)


def _band_words(low: int | None, high: int | None) -> str:
    if low is None:
        return _("up to %(amount)s", amount=vnd(high))
    if high is None:
        return _("over %(amount)s", amount=vnd(low - 1))
    return f"{vnd(low - 1)} – {vnd(high)}"


def price_label(low: int | None, high: int | None) -> str:
    """Typed bounds in words: "from 50.000 ₫", "up to 90.000 ₫", "50.000 ₫ – 90.000 ₫"."""
    band = band_of(low, high)
    if band is not None:
        return next(band_label(lo, hi) for key, lo, hi in PRICE_BANDS if key == band)
    if low is not None and high is not None:
        return f"{vnd(low)} – {vnd(high)}"
    return _("from %(amount)s", amount=vnd(low)) if low is not None else _("up to %(amount)s", amount=vnd(high))


def _price_chip(params: CatalogParams, names: Names) -> str | None:
    if params.min_price is None and params.max_price is None:
        return None
    return price_label(params.min_price, params.max_price)


# Each facet's options: (params, choices, counts, link) -> list[Option]; `link` gives an
# option's href from its arguments. With counts, an option is made only when it finds
# something or is active (_shown): its link is not built for nothing.


def _category_options(params, choices, counts, link) -> list[Option]:
    known, current = counts.get("category"), params.category
    out = []
    for group in choices.groups:
        subs = choices.subcategories.get(group.id, [])
        if _shown(group.slug, current, known):
            out.append(_option(group.name(), "category", group.slug, current, known, link))
        if subs and current in {group.slug, *(s.slug for s in subs)}:
            out += [_option(s.name(), "category", s.slug, current, known, link, sub=True)
                    for s in subs if _shown(s.slug, current, known)]
    return out


def _stars_options(params, choices, counts, link) -> list[Option]:
    known = counts.get("stars")
    return [_option(stars_label(n), "stars", n, params.stars, known, link)
            for n in STAR_LEVELS if _shown(n, params.stars, known)]


def _place_options(params, choices, counts, link) -> list[Option]:
    known, current = counts.get("place"), params.place
    places = [loc for loc in choices.places if _shown(loc.slug, current, known)]
    if known is not None:
        places.sort(key=lambda loc: -known.get(loc.slug, 0))
    return [_option(loc.name, "place", loc.slug, current, known, link)
            for i, loc in enumerate(places) if i < PLACES_SHOWN or loc.slug == current]


def _price_options(params, choices, counts, link) -> list[Option]:
    known = counts.get("price")
    chosen = band_of(params.min_price, params.max_price)
    out = []
    for band, low, high in PRICE_BANDS:
        active = band == chosen
        if _shown(band, chosen, known):
            args = {"min_price": None, "max_price": None} if active else {"min_price": low, "max_price": high}
            out.append(Option(band_label(low, high), args, None if known is None else known.get(band, 0), active,
                              href=link(args)))
    return out


def _option(label, param, value, current, known, link, sub=False) -> Option:
    active = current == value
    args = {param: None if active else value}
    return Option(str(label), args, None if known is None else known.get(value, 0), active, sub, link(args))


def _shown(value, current, known) -> bool:
    """With counts, only the choices that find something (and the active one) are shown."""
    return known is None or bool(known.get(value)) or value == current


FILTERS = (
    ListingFilter("category", ("category",), _l("Product group"), BOTH,
                  lambda p, n: n.category if p.category else None, _category_options),
    ListingFilter("stars", ("stars",), _l("OCOP stars"), BOTH,
                  lambda p, n: stars_label(p.stars) if p.stars else None, _stars_options),
    ListingFilter("place", ("place",), _l("Place"), BOTH,
                  lambda p, n: n.place if p.place else None, _place_options),
    ListingFilter("producer", ("producer",), _l("Producer"), BOTH,
                  lambda p, n: n.producer if p.producer else None),
    ListingFilter("price", ("min_price", "max_price"), _l("Price"), BOTH, _price_chip, _price_options),
    ListingFilter("month", ("month",), _l("In season"), CATALOG_ONLY,
                  lambda p, n: _("In season in %(month)s", month=month_name(p.month)) if p.month else None),
)


@per_locale
def _words() -> dict:
    """The panel's fixed words in the page's language (made once per language and process)."""
    return {
        "sorts": {value: str(label) for value, label in SORT_LABELS.items()},
        "filters": {spec.name: str(spec.label) for spec in FILTERS},
        "stars": {n: _star_words(n) for n in STAR_LEVELS},
        "bands": {(low, high): _band_words(low, high) for _band, low, high in PRICE_BANDS},
        "no_certified": _("No certified product among these results"),
    }


def filters_for(page: str) -> tuple[ListingFilter, ...]:
    """The filters a page offers ("catalog" or "search")."""
    return tuple(f for f in FILTERS if page in f.pages)


def sorts_for(query: str = "") -> tuple[str, ...]:
    """The sorts a listing offers: "best match" only when there is a search text."""
    return QUERY_SORTS if query else BROWSE_SORTS


def sort_options(params: CatalogParams, query: str = "") -> list[tuple[str, str, bool]]:
    """(value, label, chosen) for the sort menu."""
    labels = _words()["sorts"]
    return [(value, labels[value], value == params.sort) for value in sorts_for(query)]


def for_page(params: CatalogParams, page: str) -> CatalogParams:
    """The parameters without the filters this page does not offer, each with a notice."""
    for spec in FILTERS:
        if page not in spec.pages and any(getattr(params, name) is not None for name in spec.params):
            params = params.with_notice(_("The “%(filter)s” filter is on the product list only, so it is "
                                          "not applied here.", filter=spec.label))
            for name in spec.params:
                params = params.without(name)
    return params


def facet_groups(params: CatalogParams, choices, counts: dict, page: str,
                 link: Callable[[dict], str]) -> list[FacetGroup]:
    """The facets of a page, built from one source's counts (catalog SQL or the search engine).

    `link` gives the address of the page with an option's parameters applied.
    """
    groups, words = [], _words()
    for spec in filters_for(page):
        if spec.options is None:
            continue
        options = spec.options(params, choices, counts, link)
        note = words["no_certified"] if spec.name == "stars" and not options else ""
        if options or note:
            groups.append(FacetGroup(spec.name, words["filters"][spec.name], options, note))
    return groups


def chips(params: CatalogParams, names: Names, page: str, link: Callable[[dict], str]) -> list[Chip]:
    """The active filters of a page, each with the parameters its remove link drops (and that link)."""
    out = []
    for spec in filters_for(page):
        label = spec.chip(params, names)
        if label:
            remove = {name: None for name in spec.params}
            out.append(Chip(str(label), remove, link(remove)))
    return out


def active_count(params: CatalogParams, page: str) -> int:
    """How many filters narrow the page (for the panel's summary)."""
    return sum(1 for spec in filters_for(page)
               if any(getattr(params, name) is not None for name in spec.params))


@dataclass(frozen=True)
class Panel:
    """Everything the shared listing partials draw: facets, chips, sort menu, filters offered.

    `action` is the listing's own address (its forms' action), `clear` the listing without
    filters or sort (the search text kept), `link(args)` the listing with these parameters
    changed, page and search text kept as they are.
    """

    page: str
    groups: list[FacetGroup]
    chips: list[Chip]
    sorts: list[tuple[str, str, bool]]
    active: int
    offered: frozenset[str]
    names: Names
    action: str
    clear: str
    link: Callable[[dict], str]
    months: tuple[tuple[int, str], ...] = ()  # the in-season menu (number, name), when offered

    def offers(self, name: str) -> bool:
        return name in self.offered


def panel(params: CatalogParams, choices, counts: dict, names: Names, page: str, query: str = "") -> Panel:
    """The panel of a listing page from its parameters, choices and one source's counts.

    Its links are built from one url_for of the page and each link's query string.
    """
    action = url_for(ENDPOINTS[page])
    q = query or None

    def link(args: dict) -> str:
        return action + query_string(params.to_args(page=None, q=q, **args))

    offered = frozenset(spec.name for spec in filters_for(page))
    months = tuple(enumerate(month_names(), 1)) if "month" in offered else ()
    return Panel(page, facet_groups(params, choices, counts, page, link), chips(params, names, page, link),
                 sort_options(params, query), active_count(params, page), offered, names,
                 action, action + query_string({"q": q}), link, months)
