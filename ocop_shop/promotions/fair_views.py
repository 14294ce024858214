"""Public trade fair pages: the list (upcoming, then past) and each fair with who comes with what."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from ..i18n import register_language_prefix
from ..timeutil import local_today
from . import fairs

bp = Blueprint("fairs", __name__, url_prefix="/<lang>/fairs")
register_language_prefix(bp)


@bp.get("")
def index(lang):
    today = local_today()
    upcoming, past = fairs.public_fairs(today)
    return render_template("fairs/index.html", upcoming=upcoming, past=past, today=today,
                           places=fairs.place_names(upcoming + past))


@bp.get("/<slug>")
def show(lang, slug):
    fair = fairs.public_fair(slug)
    if fair is None:
        abort(404)
    return render_template("fairs/show.html", fair=fair, today=local_today(),
                           place=fairs.place_names([fair]).get(fair.locality_id, ""), exhibitors=fairs.exhibitors(fair))
