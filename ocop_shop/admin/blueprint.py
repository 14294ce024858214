"""The office back office's blueprint, its guard and its menu: one place decides who may enter.

Anonymous visitors are sent to sign in; every signed-in account that is not office staff
(role admin) gets 403, on every route of the blueprint (tests/test_admin_access.py walks the
URL map). Pages are private: never stored by shared caches.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.two_factor import office_gate
from ..extensions import login_manager
from ..i18n import register_language_prefix

bp = Blueprint("admin", __name__, url_prefix="/<lang>/admin")
register_language_prefix(bp)

# The menu: (endpoint, label, endpoint prefixes that belong to the entry). Entries whose
# page does not exist (yet) are not shown.
ADMIN_NAV = (
    ("admin.home", _l("Today"), ("admin.home",)),
    ("admin.producers", _l("Producers"), ("admin.producer",)),
    ("admin.review", _l("Review queue"), ("admin.review",)),
    ("admin.certificates", _l("Certificates"), ("admin.certificate",)),
    # Bank transfers are confirmed from the orders area (the list links them, an order's page records one).
    ("admin.orders", _l("Orders"), ("admin.order", "admin.refund", "admin.shipping", "admin.transfer")),
    ("admin.bookings", _l("Bookings"), ("admin.booking",)),
    ("admin.campaigns", _l("Campaigns"), ("admin.campaign",)),
    ("admin.plan", _l("Plan"), ("admin.plan",)),
    ("admin.fairs_list", _l("Fairs"), ("admin.fair",)),
    ("admin.audit", _l("Audit log"), ("admin.audit",)),
)


@bp.app_template_global()
def admin_nav() -> list[tuple[str, str, bool]]:
    """The back office menu with the current entry marked."""
    endpoint = request.endpoint or ""
    return [(target, str(label), endpoint.startswith(prefixes))
            for target, label, prefixes in ADMIN_NAV if target in current_app.view_functions]


@bp.before_request
def guard():
    """Anonymous → sign in; anyone but office staff → 403; office staff → two-step sign-in first."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role != "admin":
        abort(403)
    return office_gate()


@bp.after_request
def _no_store(response):
    """Back office pages hold personal data: keep them out of shared caches."""
    response.headers.setdefault("Cache-Control", "private, no-store")
    return response
