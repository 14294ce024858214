"""The search page and the suggestions endpoint (thin: parse, call search/, render)."""
from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, current_app, jsonify, render_template, request, session, url_for
from sqlalchemy import Select, bindparam

from .. import ratelimits
from ..catalog import alcohol
from ..catalog import queries as catalog_queries
from ..catalog.card_records import ProductCard
from ..catalog.cards import cards, cards_statement
from ..catalog import filters as listing_filters
from ..catalog.listing import filter_choices, resolve
from ..catalog.models import Product
from ..catalog.params import CatalogParams, parse_params
from ..i18n import register_language_prefix
from ..promotions.pricing import discounted_prices
from ..timeutil import local_today
from . import cli
from . import Facets, Filters, highlight, popular_product_ids, search, snippet, suggest
from .analysis import clean_query

bp = Blueprint("search", __name__, url_prefix="/<lang>/search")
register_language_prefix(bp)
# `flask --app wsgi search sync|reindex` (the blueprint's CLI group is named after it).
bp.cli.help = cli.HELP
bp.cli.add_command(cli.sync_command)
bp.cli.add_command(cli.reindex_command)

POPULAR_LIMIT = 8


@bp.get("")
def results(lang):
    query = clean_query(request.args.get("q", ""))
    params = parse_params(request.args, default_sort="relevance" if query else "newest",
                          sorts=listing_filters.sorts_for(query))
    choices = filter_choices()
    resolved = resolve(listing_filters.for_page(params, "search"), choices)
    found = search(query, _filters(resolved.params), sort=resolved.params.sort, page=resolved.params.page,
                   per_page=current_app.config["PRODUCTS_PER_PAGE"], today=local_today(),
                   prices=discounted_prices())
    params = resolved.params.with_page(found.page)
    listing = bool(query or params.filtered)
    products = _load(found.product_ids) if listing else []
    popular = []
    if not products:  # the empty state offers certified specialties (never spirits: no featuring)
        popular = [p for p in _load(popular_product_ids(POPULAR_LIMIT)) if alcohol.may_promote(p)]
    panel = listing_filters.panel(params, choices, engine_counts(found.facets), resolved.names, "search", query)
    return render_template(
        "search/results.html", query=query, found=found, params=params, products=products,
        popular=popular, choices=choices, panel=panel,
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


def engine_counts(facets: Facets) -> dict[str, dict]:
    """The search engine's facets as the listing's neutral counts (facet → value → count)."""
    return {"category": dict(facets.group), "stars": dict(facets.stars), "place": dict(facets.place),
            "price": dict(facets.price)}


def _filters(params: CatalogParams) -> Filters:
    return Filters(category=params.category, stars=params.stars, place=params.place,
                   producer=params.producer, min_price=params.min_price, max_price=params.max_price)


def _load(ids: list[int]) -> list[ProductCard]:
    """The cards of one page's public products, in the order given (a product gone since is skipped)."""
    if not ids:
        return []
    by_id = {card.id: card for card in cards(_cards_by_id_statement(), {"ids": ids}, len(ids))}
    return [by_id[i] for i in ids if i in by_id]


@lru_cache(maxsize=1)
def _cards_by_id_statement() -> Select:
    stmt = catalog_queries.public_products().where(Product.id.in_(bindparam("ids", expanding=True)))
    return cards_statement(stmt, (Product.id,))


