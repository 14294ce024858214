"""Home page, the language redirect at /, the printed-QR redirect /v/<code> and the health check."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for

from ..catalog import queries as catalog_queries
from ..catalog.certificates import normalize_public_code
from ..i18n import best_language, register_language_prefix
from ..ops import health
from ..producers import queries as producer_queries
from ..promotions import showcase
from ..timeutil import local_today
from ..tourism.discovery import in_season_now

FEATURED_PRODUCERS = 4

bp = Blueprint("storefront", __name__, url_prefix="/<lang>")
register_language_prefix(bp)
root_bp = Blueprint("root", __name__)


@root_bp.get("/")
def root():
    """Send visitors to their best language (default vi)."""
    response = redirect(url_for("storefront.home", lang=best_language()), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


@root_bp.get("/v/<code>")
def certificate_qr(code):
    """The URL printed in a certificate's QR code: the verify page in the visitor's language."""
    canonical = normalize_public_code(code)
    if not canonical or len(canonical) > 20:
        abort(404)
    response = redirect(url_for("catalog.verify", lang=best_language(), code=canonical), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


@root_bp.get("/healthz")
def healthz():
    """Liveness: the process answers (dependencies are /readyz's business)."""
    return {"status": "ok"}


@root_bp.get("/readyz")
def readyz():
    """Readiness: the database, Redis, the search index and the upload store answer (503 if not)."""
    checks, ready = health.readiness()
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503


@bp.get("/")
def home(lang):
    today = local_today()
    counts = catalog_queries.product_counts_by_producer()
    top = sorted(counts, key=lambda producer_id: -counts[producer_id])[:FEATURED_PRODUCERS]
    return render_template(
        "storefront/home.html",
        featured=catalog_queries.featured_products(today),
        in_season=in_season_now(today, today.month),
        campaigns=[(c, showcase.banner_for(c, lang)) for c in showcase.running_campaigns()],
        on_offer=showcase.discounted_shelf(),
        groups=catalog_queries.top_groups(),
        group_counts=catalog_queries.group_counts(),
        producers=producer_queries.public_producers_by_id(top),
        producer_counts=counts,
        places=catalog_queries.place_counts(),
        places_page="places.show" in current_app.view_functions,
    )
