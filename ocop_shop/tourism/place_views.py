"""Discovery pages: the places with the province map (/<lang>/places) and a place (/<lang>/places/<slug>)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l

from ..i18n import register_language_prefix
from ..promotions.fairs import fairs_at_place
from ..timeutil import local_today
from . import discovery
from .experience_list import categories_for_map
from .map import locality_link, parse_filters, province_map

bp = Blueprint("places", __name__, url_prefix="/<lang>/places")
register_language_prefix(bp)
bp.add_app_template_global(locality_link, name="osm_link")
PLACE_KINDS = {"province": _l("Province"), "ward": _l("Ward"), "commune": _l("Commune"), "village": _l("Village"),
               "landmark": _l("Sight")}
bp.add_app_template_global(PLACE_KINDS, name="place_kinds")


@bp.get("")
def index(lang):
    groups = categories_for_map()
    show, group = parse_filters(request.args, groups)
    return render_template("places/index.html", places=discovery.place_summaries(),
                           map=province_map(show, group), groups=groups)


@bp.get("/<slug>")
def show(lang, slug):
    place = discovery.place_by_slug(slug)
    if place is None:
        abort(404)
    today = local_today()
    page = discovery.place_page(place, today, today.month)
    fairs = fairs_at_place(page.member_ids, today) if "fairs.show" in current_app.view_functions else []
    return render_template("places/show.html", page=page, place=place, fairs=fairs, today=today)
