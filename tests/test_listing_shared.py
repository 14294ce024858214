"""One listing, not two: the catalog and search pages share filters, facets, sorts and the card.

Every filter declared in catalog/filters.py for both pages is proven here through the real
routes: parsed, applied, shown as an active chip and removable, on /products and on /search.
"""
from __future__ import annotations

import re
from html import unescape

import pytest

from ocop_shop import search
from ocop_shop.catalog import filters
from ocop_shop.extensions import db

NAMES = ("Mật ong đặc sản", "Trà đặc sản", "Miến đặc sản")


@pytest.fixture
def world(factories):
    """Three specialties (and one other product) over two producers in two places."""
    east, west = factories.locality("Xã Đông Khê"), factories.locality("Xã Tây Sơn")
    honey_maker = factories.producer("HTX Ong Đông Khê", locality=east)
    other = factories.producer("HTX Miến Tây Sơn", locality=west)
    made = {
        "honey": factories.product(NAMES[0], producer=honey_maker, category="thuc-pham", price=150_000, stars=4,
                                   season_from=9, season_to=10),
        "tea": factories.product(NAMES[1], producer=other, category="tra", price=80_000),
        "noodles": factories.product(NAMES[2], producer=other, category="thuc-pham", price=250_000, stars=3,
                                     season_from=11, season_to=2),
        "cloth": factories.product("Vải thổ cẩm", producer=other, category="vai-may-mac", price=900_000),
        "east": east, "other": other,
    }
    db.session.commit()
    return made


def _cases(world) -> dict:
    """One value per filter both pages offer: (query-string, names it keeps, words of its chip)."""
    return {
        "category": ({"category": "thuc-pham"}, {NAMES[0], NAMES[2]}, "Thực phẩm"),
        "stars": ({"stars": "4"}, {NAMES[0]}, "4 sao trở lên"),
        "place": ({"place": world["east"].slug}, {NAMES[0]}, "Xã Đông Khê"),
        "producer": ({"producer": world["other"].slug}, {NAMES[1], NAMES[2]}, "HTX Miến Tây Sơn"),
        "price": ({"min_price": "100001", "max_price": "300000"}, {NAMES[0], NAMES[2]}, "100.000"),
    }


PAGES = {"catalog": ("/vi/products", {}), "search": ("/vi/search", {"q": "dac san"})}


def _get(client, page: str, args: dict):
    path, base = PAGES[page]
    response = client.get(path, query_string={**base, **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _results(html: str) -> str:
    return html.split('class="product-grid', 1)[1].split("</ul>", 1)[0] if 'class="product-grid' in html else ""


def _shown(html: str) -> set[str]:
    text = re.sub(r"</?mark>", "", _results(html))
    return {name for name in NAMES if name in text}


def _chips(html: str) -> list[tuple[str, str]]:
    """(href, words) of each active-filter chip."""
    if 'class="active-filters"' not in html:
        return []
    block = html.split('class="active-filters"', 1)[1].split("</ul>", 1)[0]
    return [(unescape(href), re.sub(r"<[^>]+>", "", words).strip())
            for href, words in re.findall(r'<a href="([^"]+)">(.*?)</a>', block, re.S)]


def test_every_shared_filter_has_a_case_here(world):
    shared = {spec.name for spec in filters.FILTERS if set(spec.pages) == {"catalog", "search"}}
    assert shared == set(_cases(world))  # a filter added to the definition must be proven below


@pytest.mark.parametrize("page", ["catalog", "search"])
@pytest.mark.parametrize("name", ["category", "stars", "place", "producer", "price"])
def test_each_filter_is_applied_shown_and_removable_on_both_pages(client, world, page, name):
    args, kept, chip_words = _cases(world)[name]
    assert _shown(_get(client, page, {})) == set(NAMES)
    html = _get(client, page, args)
    assert _shown(html) == kept
    chips = _chips(html)
    assert len(chips) == 1 and chip_words in chips[0][1] and "bỏ bộ lọc" in chips[0][1]
    href = chips[0][0]
    assert href.startswith(PAGES[page][0]) and not any(f"{key}=" in href for key in args)
    assert ("q=dac+san" in href) == (page == "search")  # removing a filter keeps the search text
    assert _shown(client.get(href).get_data(as_text=True)) == set(NAMES)


@pytest.mark.parametrize("page", ["catalog", "search"])
def test_the_filter_form_shows_the_chosen_values_on_both_pages(client, world, page):
    html = _get(client, page, {"category": "tra", "stars": "3", "producer": world["other"].slug,
                               "min_price": "1.000", "max_price": "900000"})
    for field, value in (("f-category", "tra"), ("f-stars", "3"), ("f-producer", world["other"].slug)):
        select = html.split(f'id="{field}"', 1)[1].split("</select>", 1)[0]
        assert f'value="{value}" selected' in select, field
    assert 'name="min_price" type="text"' in html and 'value="1000"' in html and 'value="900000"' in html


def test_facet_counts_agree_between_sql_and_the_search_engine(client, world):
    for args in ({"stars": "3"}, {"category": "thuc-pham"}, {"min_price": "100001", "max_price": "300000"},
                 {"place": world["east"].slug}):
        catalog = _facets(_get(client, "catalog", args))
        found = _facets(client.get("/vi/search", query_string=args).get_data(as_text=True))
        assert catalog == found, args
    counts = _facets(_get(client, "catalog", {"stars": "3"}))
    assert counts["stars"] == [("Từ 3 sao trở lên", "2"), ("Từ 4 sao trở lên", "1")]  # each facet ignores its own filter
    assert ("Thực phẩm", "2") in counts["category"] and ("Vải và may mặc", "0") not in counts["category"]
    assert counts["price"] == [("100.000 ₫ – 300.000 ₫", "2")]  # the other filters (3 stars) still apply


def _facets(html: str) -> dict[str, list[tuple[str, str]]]:
    """Each facet's (label, count) pairs as drawn."""
    out = {}
    for name, body in re.findall(r'<section class="facet facet-(\w+)">(.*?)</section>', html, re.S):
        out[name] = [(unescape(label).replace("\xa0", " "), count) for label, count in re.findall(
            r'<span>([^<]*)</span> <span class="facet-count">(\d+)</span>', body)]
    return out


def test_month_is_catalog_only_and_the_search_page_says_so(client, world):
    catalog = _get(client, "catalog", {"month": "9"})
    assert _shown(catalog) == {NAMES[0]} and "Tháng 9" in _chips(catalog)[0][1]
    found = _get(client, "search", {"month": "9"})
    assert _shown(found) == set(NAMES) and not _chips(found)
    assert 'class="notice"' in found and 'id="f-month"' not in found and "month=" not in found.split('class="catalog-layout"')[1]


def test_the_same_card_on_both_pages_search_only_marks_the_words(client, world):
    def card(html: str, name: str) -> str:
        articles = re.findall(r"<article.*?</article>", _results(html), re.S)
        chosen = next(a for a in articles if name in re.sub(r"</?mark>", "", a))
        chosen = re.sub(r'\s*<p class="card-snippet">.*?</p>', "", chosen, flags=re.S)
        return re.sub(r"\s+", " ", re.sub(r"</?mark>", "", chosen))

    catalog, found = _get(client, "catalog", {}), _get(client, "search", {})
    assert "<mark>" in _results(found) and 'class="card-snippet"' in _results(found)
    for name in NAMES:
        assert card(catalog, name) == card(found, name)


def test_sort_menus_agree(client, world):
    def menu(html: str) -> list[str]:
        block = html.split('id="listing-sort"', 1)[1].split("</select>", 1)[0]
        return re.findall(r'<option value="(\w+)"', block)

    browse = menu(_get(client, "catalog", {}))
    assert browse == menu(client.get("/vi/search?stars=3").get_data(as_text=True)) == list(filters.BROWSE_SORTS)
    assert menu(_get(client, "search", {})) == ["relevance", *browse]
    chosen = _get(client, "catalog", {"sort": "price_asc"})
    assert '<option value="price_asc" selected>' in chosen
    prices = [n for n in NAMES if n in _results(chosen)]
    assert _results(chosen).index(NAMES[1]) < _results(chosen).index(NAMES[0]) < _results(chosen).index(NAMES[2])
    assert len(prices) == 3


def test_the_price_bands_are_the_engines():
    assert filters.PRICE_BANDS == search.PRICE_BANDS
