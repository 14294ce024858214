"""The search page and the suggestions endpoint (thin: parse, call search/, render)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, session, url_for
from sqlalchemy import select

from .. import ratelimits
from ..catalog import alcohol
from ..catalog import queries as catalog_queries
from ..catalog.cards import card_options
from ..catalog.listing import filter_choices
from ..catalog.models import Product
from ..catalog.params import SORT_LABELS, CatalogParams, not_found, parse_params
from ..extensions import db
from ..i18n import register_language_prefix
from ..places.models import Locality
from ..promotions.pricing import discounted_prices
from ..timeutil import local_today
from . import cli
from . import PRICE_BANDS, Filters, band_for, highlight, popular_product_ids, search, snippet, suggest
from .analysis import clean_query

bp = Blueprint("search", __name__, url_prefix="/<lang>/search")
register_language_prefix(bp)
# `flask --app wsgi search sync|reindex` (the blueprint's CLI group is named after it).
bp.cli.help = cli.HELP
bp.cli.add_command(cli.sync_command)
bp.cli.add_command(cli.reindex_command)

QUERY_SORTS = ("relevance", "price_asc", "price_desc", "newest", "stars")
BROWSE_SORTS = ("newest", "price_asc", "price_desc", "stars")
POPULAR_LIMIT = 8


@bp.get("")
def results(lang):
    query = clean_query(request.args.get("q", ""))
    params = parse_params(request.args, default_sort="relevance" if query else "newest",
                          sorts=QUERY_SORTS if query else BROWSE_SORTS)
    choices = filter_choices()
    params, labels = _resolve(params, choices)
    found = search(query, _filters(params), sort=params.sort, page=params.page,
                   per_page=current_app.config["PRODUCTS_PER_PAGE"], today=local_today(),
                   prices=discounted_prices())
    params = params.with_page(found.page)
    listing = bool(query or params.filtered)
    products = _load(found.product_ids) if listing else []
    popular = []
    if not products:  # the empty state offers certified specialties (never spirits: no featuring)
        popular = [p for p in _load(popular_product_ids(POPULAR_LIMIT)) if alcohol.may_promote(p)]
    return render_template(
        "search/results.html", query=query, found=found, params=params, products=products,
        popular=popular, labels=labels, choices=choices, sort_labels=SORT_LABELS,
        sorts=QUERY_SORTS if query else BROWSE_SORTS, price_bands=PRICE_BANDS,
        active_band=band_for(params.min_price, params.max_price),
        highlight=lambda value: highlight(value, found.terms, found.prefixes),
        snippet=lambda value: snippet(value, found.terms, found.prefixes),
    )


@bp.get("/suggest")
@ratelimits.suggestions
def suggestions(lang):
    """JSON for the search box: completed terms and products (liquor marked 18+ until declared)."""
    data = suggest(request.args.get("q", ""))
    declared = alcohol.age_declared(session)
    products = []
    for card in data["products"]:
        name = card["names"].get(lang) or card["names"].get("vi") or next(iter(card["names"].values()), "")
        products.append({
            "name": name,
            "url": url_for("catalog.product", slug=card["slug"]),
            "meta": " · ".join(v for v in (card["producer"], card["place"]) if v),
            "adult": bool(card["adult"]) and not declared,
        })
    response = jsonify(query=data["query"], terms=data["terms"], products=products)
    response.headers["Cache-Control"] = "private, max-age=60"
    response.headers["Vary"] = "Cookie"
    return response


def _resolve(params: CatalogParams, choices) -> tuple[CatalogParams, dict]:
    """Names for the slugs in use; a slug naming nothing public is dropped with a notice."""
    labels = {
        "groups": {g.slug: g.name() for g in choices.groups},
        "places": {loc.slug: loc.name for loc in choices.places},
    }
    for loc in choices.places:
        if loc.parent is not None:
            labels["places"].setdefault(loc.parent.slug, loc.parent.name)
    if params.category:
        category = choices.category(params.category)
        if category is None:
            params = params.without("category").with_notice(not_found("category", params.category))
        else:
            labels["category"] = category.name()
    if params.place and params.place not in labels["places"]:
        place = db.session.scalar(select(Locality).where(Locality.slug == params.place))
        if place is None:
            params = params.without("place").with_notice(not_found("place", params.place))
        else:  # a real place with nothing on sale yet: an honest empty list
            labels["places"][place.slug] = place.name
    if params.producer:
        producer = next((p for p in choices.producers if p.slug == params.producer), None)
        if producer is None:
            params = params.without("producer").with_notice(not_found("producer", params.producer))
        else:
            labels["producer"] = producer.name
    return params, labels


def _filters(params: CatalogParams) -> Filters:
    return Filters(category=params.category, stars=params.stars, place=params.place,
                   producer=params.producer, min_price=params.min_price, max_price=params.max_price)


def _load(ids: list[int]) -> list[Product]:
    """The public products of one page, in the order given (a product gone since is skipped)."""
    if not ids:
        return []
    rows = db.session.scalars(
        catalog_queries.public_products().where(Product.id.in_(ids)).options(*card_options())
    ).unique()
    by_id = {p.id: p for p in rows}
    return [by_id[i] for i in ids if i in by_id]


