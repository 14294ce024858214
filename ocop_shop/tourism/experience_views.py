"""The experiences page (/<lang>/experiences): every bookable experience, with filters."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from ..i18n import register_language_prefix
from ..timeutil import local_today
from .experience_list import experience_places, experience_rows, parse_filters

bp = Blueprint("experiences", __name__, url_prefix="/<lang>/experiences")
register_language_prefix(bp)


@bp.get("")
def index(lang):
    places = experience_places()
    filters = parse_filters(request.args, places)
    return render_template("tourism/experiences.html", rows=experience_rows(filters, local_today()),
                           filters=filters, places=places)
