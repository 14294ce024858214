"""The accounts blueprint (/<lang>/account/): views.py, account_views.py, office_views.py and
privacy_views.py add their routes to it, so none of them imports another."""
from __future__ import annotations

from flask import Blueprint

from ..i18n import register_language_prefix

bp = Blueprint("accounts", __name__, url_prefix="/<lang>/account")
register_language_prefix(bp)
