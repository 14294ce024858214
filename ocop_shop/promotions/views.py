"""Public campaign pages: /<lang>/campaigns/<slug> (thin: look up, render)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..i18n import register_language_prefix
from . import showcase
from .law import rule_label

bp = Blueprint("promotions", __name__, url_prefix="/<lang>")
register_language_prefix(bp)


@bp.get("/campaigns/<slug>")
def campaign(lang, slug):
    """A campaign's landing page: running, scheduled, paused or ended (a draft or unknown: 404)."""
    page = showcase.landing(slug, lang)
    if page is None:
        abort(404)
    return render_template("promotions/campaign.html", page=page, campaign=page.campaign,
                           rule=rule_label(page.campaign))
