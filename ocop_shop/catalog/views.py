"""Storefront catalog pages: the catalog, a product, the liquor age gate, certificate checks."""
from __future__ import annotations

from functools import lru_cache

from flask import (Blueprint, abort, current_app, redirect, render_template, request, session,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import ratelimits
from ..accounts.views import safe_next
from ..i18n import register_language_prefix
from ..promotions.pricing import current_price_sql
from ..timeutil import local_today
from . import alcohol, queries
from .certificates import normalize_public_code
from ..csrf import keeps_input
from .forms import AgeDeclarationForm, VerifyCodeForm
from . import filters
from .listing import catalog_page
from .params import parse_params

bp = Blueprint("catalog", __name__, url_prefix="/<lang>")
register_language_prefix(bp)



@lru_cache(maxsize=1)
def price_now():
    """The price a shopper pays now, as one column object (the catalog caches statements per object)."""
    return current_price_sql()

# Who issued a certificate (Decision 148/QĐ-TTg), in words, for every template.
CERTIFICATE_LEVELS = {
    "district": _l("District People's Committee"),
    "province": _l("Provincial People's Committee"),
    "national": _l("National level (Ministry of Agriculture and Environment)"),
}
bp.add_app_template_global(CERTIFICATE_LEVELS, name="certificate_levels")


@bp.get("/products")
def products(lang):
    params = parse_params(request.args, default_sort="newest", sorts=filters.sorts_for())
    listing = catalog_page(params, local_today(), current_app.config["PRODUCTS_PER_PAGE"], price=price_now())
    if listing.params.page < params.page:  # past the last page: go to the last page
        return redirect(url_for("catalog.products", **listing.params.to_args()))
    params = listing.params
    return render_template(
        "catalog/products.html", listing=listing, params=params, choices=listing.choices,
        panel=filters.panel(params, listing.choices, listing.counts, listing.names, "catalog"))


@bp.get("/products/<slug>")
def product(lang, slug):
    item = queries.public_product(slug)
    if item is None:
        current = queries.renamed_product_slug(slug)
        if current is None:
            abort(404)
        return redirect(url_for("catalog.product", slug=current, **request.args), code=301)
    if not alcohol.shows_details(item, session):  # the gate shows nothing else: no related products read
        form = AgeDeclarationForm(next=url_for("catalog.product", slug=item.slug))
        return render_template("catalog/age_gate.html", product=item, form=form)
    return render_template("catalog/product.html", **product_context(item))


def product_context(item) -> dict:
    """What the product page shows around a public product, its related products' cards loaded
    (the booking area re-renders it too)."""
    today = local_today()
    related = queries.related_products(item)
    certification, latest = item.valid_certification(today), item.latest_certification()
    shown = certification or latest  # the certificate box describes this one
    return dict(product=item, today=today, related=related, certification=certification, latest=latest,
                certificate_state=shown.state(today) if shown else "none")


@bp.route("/age-declaration", methods=["GET", "POST"])
@keeps_input
def declare_age(lang):
    """Record that the visitor declared 18+ (a session flag; the name is not kept), then go back."""
    form = AgeDeclarationForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        if not alcohol.declare_age(session, int(form.age.data)):
            return render_template("catalog/age_refused.html")
        return redirect(safe_next(form.next.data) or url_for("catalog.products"))
    return render_template("catalog/age_gate.html", product=None, form=form)


@bp.get("/verify")
def verify_form(lang):
    """Type the code printed under a product's OCOP QR label."""
    form = VerifyCodeForm(formdata=request.args if "code" in request.args else None)
    if "code" in request.args and form.validate():
        code = normalize_public_code(form.code.data)
        if code:
            return redirect(url_for("catalog.verify", code=code))
        form.code.errors.append(_("Please type the 8-character code from the label."))
    return render_template("catalog/verify_form.html", form=form)


@bp.get("/verify/<code>")
@ratelimits.lookups
def verify(lang, code):
    canonical = normalize_public_code(code)
    if not canonical or len(canonical) > 20:
        return _unknown_code(code)
    if canonical != code:
        return redirect(url_for("catalog.verify", code=canonical), code=301)
    found = queries.certificate_by_code(canonical)
    if found is None:
        return _unknown_code(canonical)
    today = local_today()
    return render_template("catalog/verify.html", cert=found.certification, products=found.products,
                           producers=found.producers, state=found.certification.state(today), today=today,
                           form=VerifyCodeForm(formdata=None))


def _unknown_code(code: str):
    """A clear 404 page for a code that matches no certificate, with the form to try again."""
    form = VerifyCodeForm(formdata=None, data={"code": code[:20]})
    return render_template("catalog/verify_unknown.html", form=form, code=code[:20]), 404
