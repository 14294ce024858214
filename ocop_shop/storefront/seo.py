"""robots.txt and sitemap.xml: public pages in both languages, spirits left out (noindex)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, url_for
from sqlalchemy import select

from ..catalog import alcohol
from ..catalog.models import Product
from ..catalog.queries import public_products
from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from ..promotions.models import Campaign
from ..promotions.showcase import PUBLIC_STATUSES as CAMPAIGN_PAGES
from ..promotions.models import TradeFair
from . import page_meta, structured_data

bp = Blueprint("seo", __name__)
for _helper in (page_meta.canonical_url, page_meta.og_locale, page_meta.product_title, page_meta.product_description,
                page_meta.producer_title, page_meta.producer_description, page_meta.place_title,
                page_meta.place_description, page_meta.campaign_description, page_meta.fair_description,
                structured_data.product_blocks, structured_data.producer_blocks,
                structured_data.product_share_image, structured_data.share_image):
    bp.add_app_template_global(_helper)

PRIVATE_AREAS = ("account", "cart", "checkout", "orders", "producer", "admin", "search")
STATIC_PAGES = (("storefront.home", {}), ("catalog.products", {}), ("producers.index", {}), ("fairs.index", {}),
                ("places.index", {}), ("experiences.index", {}),
                ("legal.show", {"page": "privacy"}), ("legal.show", {"page": "terms"}),
                ("legal.show", {"page": "returns"}), ("legal.show", {"page": "operator"}))


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *"]
    lines += [f"Disallow: /{lang}/{area}" for lang in current_app.config["LANGUAGES"] for area in PRIVATE_AREAS]
    lines += ["", f"Sitemap: {current_app.config['SITE_URL']}/sitemap.xml", ""]
    return Response("\n".join(lines), mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    """Every public page once per language, with its language twins."""
    pages = [(endpoint, args) for endpoint, args in STATIC_PAGES if endpoint in current_app.view_functions]
    products = db.session.execute(public_products().with_only_columns(Product.slug, Product.abv).order_by(Product.id)).all()
    pages += [("catalog.product", {"slug": row.slug}) for row in products if alcohol.may_index(row)]
    pages += [("producers.show", {"slug": slug}) for slug in
              db.session.scalars(select(Producer.slug).where(Producer.status == "approved").order_by(Producer.id))]
    pages += [("fairs.show", {"slug": slug}) for slug in db.session.scalars(
        select(TradeFair.slug).where(TradeFair.published.is_(True)).order_by(TradeFair.id))]
    pages += [("places.show", {"slug": slug}) for slug in db.session.scalars(
        select(Locality.slug).where(Locality.kind != "province").order_by(Locality.id))]
    if "promotions.campaign" in current_app.view_functions:  # drafts have no page
        pages += [("promotions.campaign", {"slug": slug}) for slug in db.session.scalars(
            select(Campaign.slug).where(Campaign.status.in_(CAMPAIGN_PAGES)).order_by(Campaign.id))]
    base, langs = current_app.config["SITE_URL"], current_app.config["LANGUAGES"]
    entries = [{lang: base + url_for(endpoint, lang=lang, **args) for lang in langs} for endpoint, args in pages]
    xml = render_template("storefront/sitemap.xml", entries=entries, langs=langs)
    return Response(xml, mimetype="application/xml")
