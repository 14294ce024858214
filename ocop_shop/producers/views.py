"""Public producer pages: the list and each producer's story, place and products."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import lazy_gettext as _l

from ..catalog import queries as catalog_queries
from ..i18n import register_language_prefix
from ..timeutil import local_today
from . import queries

bp = Blueprint("producers", __name__, url_prefix="/<lang>")
register_language_prefix(bp)

# Producer kinds in words, for every template.
PRODUCER_KINDS = {
    "cooperative": _l("Cooperative"),
    "enterprise": _l("Small or medium enterprise"),
    "coop_group": _l("Cooperative group"),
    "household": _l("Household business"),
}
bp.add_app_template_global(PRODUCER_KINDS, name="producer_kinds")


@bp.get("/producers")
def index(lang):
    counts = catalog_queries.product_counts_by_producer()
    producers = [(p, counts.get(p.id, 0)) for p in queries.public_producers()]
    return render_template("producers/index.html", producers=producers)


@bp.get("/producers/<slug>")
def show(lang, slug):
    producer = queries.public_producer(slug)
    if producer is None:
        abort(404)
    products, total = catalog_queries.producer_products(producer, local_today())
    return render_template("producers/show.html", producer=producer, products=products, total=total)
