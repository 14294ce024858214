"""The portal blueprint and its guard: one place decides who may enter."""
from __future__ import annotations

from flask import Blueprint, current_app, g, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from ..extensions import db, login_manager
from ..i18n import register_language_prefix
from ..producers.models import Producer
from ..storage import ImageRejected

bp = Blueprint("portal", __name__, url_prefix="/<lang>/producer")
register_language_prefix(bp)

# What a suspended producer may still do: fulfil its open orders, see its open booking
# requests and decline them (accepting a new booking would be new business: refused).
SUSPENDED_ENDPOINTS = {
    "portal.orders", "portal.order", "portal.order_accept", "portal.order_ship",
    "portal.order_deliver", "portal.order_cash",
    "portal.bookings", "portal.booking", "portal.booking_decline",
}

# The portal's menu: (endpoint, label, endpoint prefixes that belong to the entry).
PORTAL_NAV = (
    ("portal.dashboard", _l("Today"), ("portal.dashboard", "portal.notifications")),
    ("portal.products", _l("Products"), ("portal.product",)),
    ("portal.orders", _l("Orders"), ("portal.order", "portal.booking")),
    ("portal.story", _l("Story"), ("portal.story", "portal.photo", "portal.profile")),
    ("portal.labels", _l("QR labels"), ("portal.label",)),
    ("portal.campaigns", _l("Campaigns"), ("portal.campaign",)),
    ("portal.fairs", _l("Fairs"), ("portal.fairs",)),
    ("portal.members", _l("Members"), ("portal.member", "portal.invitation")),
)


@bp.app_template_global()
def portal_has(endpoint: str) -> bool:
    """Whether a portal page exists (menus link only to pages that are there)."""
    return endpoint in current_app.view_functions


@bp.app_template_global()
def portal_nav() -> list[tuple[str, str, bool]]:
    """The menu entries the current member may open, with the current one marked."""
    producer = g.get("producer")
    endpoint = request.endpoint or ""
    entries = []
    for target, label, prefixes in PORTAL_NAV:
        if not portal_has(target) or (producer is not None and producer.status == "suspended"
                                      and target not in SUSPENDED_ENDPOINTS):
            continue
        entries.append((target, str(label), endpoint.startswith(prefixes)))
    return entries


@bp.before_request
def guard():
    """Anonymous → sign in; not an approved producer's member → 403; another producer's rows → 404 (access.py)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    producer = None
    if current_user.role == "producer" and current_user.producer_id is not None:
        producer = db.session.get(Producer, current_user.producer_id)
    if producer is None:
        reason = "admin" if current_user.role == "admin" else "not_member"
        return render_template("producer/forbidden.html", reason=reason), 403
    if producer.status in ("pending", "rejected"):
        return render_template("producer/forbidden.html", reason=producer.status, producer=producer), 403
    if producer.status == "suspended" and request.endpoint not in SUSPENDED_ENDPOINTS:
        return render_template("producer/forbidden.html", reason="suspended", producer=producer), 403
    g.producer = producer
    return None


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error):
    """A file over the request limit: say so plainly and go back, nothing stored."""
    from flask import flash

    flash(ImageRejected("too_large").message, "error")
    return redirect(request.path)


@bp.after_request
def _no_store(response):
    """Portal pages hold private data: keep them out of shared caches."""
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response
