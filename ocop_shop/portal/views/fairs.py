"""The trade fairs the producer takes part in: where, when, its booth and the products it brings."""
from __future__ import annotations

from flask import render_template

from ...promotions.fairs import place_names
from ...timeutil import local_today
from .. import access
from ..blueprint import bp


@bp.get("/fairs")
def fairs(lang):
    today = local_today()
    rows = access.own_fairs()
    return render_template("producer/fairs.html", today=today, places=place_names(r[0] for r in rows),
                           upcoming=sorted((r for r in rows if r[0].ends_on >= today), key=lambda r: r[0].starts_on),
                           past=[r for r in rows if r[0].ends_on < today])
