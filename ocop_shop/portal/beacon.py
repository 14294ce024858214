"""Approximate product page views for the producers' dashboard.

A tiny script on the product page posts the product id here (navigator.sendBeacon).
Counted only when the request comes from our own pages (Sec-Fetch-Site, else Origin or
Referer) and does not look like a bot. Nothing about the visitor is stored: no IP address,
no cookie, only a per-product, per-day counter.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, request

from ..catalog.services import record_product_view
from ..extensions import csrf, db
from ..timeutil import local_today

bp = Blueprint("beacon", __name__)

BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|archiver|fetch|scrap|headless|lighthouse|pagespeed|preview|monitor|pingdom|"
    r"uptime|facebookexternalhit|embedly|curl|wget|python|httpclient|okhttp|java/|go-http|node-fetch|axios|"
    r"phantomjs|selenium|playwright|puppeteer", re.IGNORECASE)


def is_bot(user_agent: str | None) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def same_origin() -> bool:
    """Whether the browser says this request comes from one of our pages."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site == "same-origin"
    source = request.headers.get("Origin") or request.headers.get("Referer")
    return bool(source) and urlsplit(source).netloc == request.host


@bp.post("/beacon/product-view")
@csrf.exempt  # no session, no state of the visitor: only an anonymous counter
def product_view():
    product_id = request.form.get("p", "")
    if product_id.isdigit() and len(product_id) < 10 and same_origin() and not is_bot(request.user_agent.string):
        if record_product_view(int(product_id), local_today()):
            db.session.commit()
    response = ("", 204)
    return response
