"""The listing's links are built from one url_for of the page and a query string each
(catalog/params.py query_string): they must be the very text url_for gives."""
from __future__ import annotations

import pytest
from flask import url_for

from ocop_shop.catalog import filters
from ocop_shop.catalog.listing import FilterChoices
from ocop_shop.catalog.params import parse_params, query_string

ARGS = [
    {},
    {"category": "mat-ong"},
    {"category": "thuc-pham", "stars": 4, "place": "ha-quang", "producer": "htx-a", "min_price": 100001,
     "max_price": 300000, "month": 9, "sort": "price_asc", "page": 3},
    {"q": "mật ong Cao Bằng", "stars": 3},
    {"q": "trà & bánh: 50% “ngon”/rẻ? #1 +2 a=b;c", "sort": "relevance"},
    {"q": "!$'()*,/:;?@ ~_.-"},
    {"min_price": 0, "max_price": None, "place": "x"},
]


@pytest.mark.parametrize("args", ARGS)
@pytest.mark.parametrize("endpoint", ["catalog.products", "search.results"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_query_string_appends_what_url_for_would(app, endpoint, lang, args):
    with app.test_request_context(f"/{lang}/products"):
        app.preprocess_request()
        assert url_for(endpoint) + query_string(args) == url_for(endpoint, **args)


@pytest.mark.parametrize("page, query", [("catalog", ""), ("search", "mật ong rừng")])
def test_panel_links_are_the_url_for_links(app, page, query):
    raw = {"category": "thuc-pham", "stars": "4", "place": "ha-quang", "min_price": "100.001",
           "max_price": "300000", "sort": "price_desc", "page": "2"}
    with app.test_request_context(f"/vi/{'products' if page == 'catalog' else 'search'}"):
        app.preprocess_request()
        params = parse_params(raw, sorts=filters.sorts_for(query))
        choices = FilterChoices([], {}, [], [])
        counts = {"stars": {3: 5, 4: 2}, "price": {"under-100k": 1, "100k-300k": 4}}
        panel = filters.panel(params, choices, counts, filters.Names("Thực phẩm", "Hà Quảng"), page, query)
        endpoint = filters.ENDPOINTS[page]
        q = query or None
        options = [option for group in panel.groups for option in group.options]
        assert options and panel.chips
        for option in options:
            assert option.href == url_for(endpoint, **params.to_args(page=None, q=q, **option.args))
        for chip in panel.chips:
            assert chip.href == url_for(endpoint, **params.to_args(page=None, q=q, **chip.remove))
        assert panel.action == url_for(endpoint)
        assert panel.clear == url_for(endpoint, q=q)
        assert panel.link({"category": "mat-ong"}) == url_for(
            endpoint, **params.to_args(page=None, q=q, category="mat-ong"))
