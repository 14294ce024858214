"""Legal pages: privacy notice, terms, returns and who operates the site."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..i18n import register_language_prefix

bp = Blueprint("legal", __name__, url_prefix="/<lang>")
register_language_prefix(bp)

PAGES = ("privacy", "terms", "returns", "operator")


@bp.get("/<any(privacy, terms, returns, operator):page>")
def show(lang, page):
    """Each page is written per language in templates/legal/<page>.<lang>.html."""
    if page not in PAGES:
        abort(404)
    return render_template(f"legal/{page}.{lang}.html", page=page)
