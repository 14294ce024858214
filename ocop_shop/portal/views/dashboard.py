"""The portal's home: what needs doing today, the last 30 days, notifications."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...producers.notifications import mark_notifications_read, message
from ...timeutil import local_today
from .. import access
from ..blueprint import bp
from ..forms import ConfirmForm


@bp.get("/")
def dashboard(lang):
    today = local_today()
    return render_template("producer/dashboard.html", todo=access.own_todo(today), stats=access.own_stats(today),
                           notes=access.own_notifications(), message=message, form=ConfirmForm(), today=today,
                           low_stock=access.LOW_STOCK)


@bp.post("/notifications/read")
def notifications_read(lang):
    form = ConfirmForm()
    if form.validate_on_submit():
        count = mark_notifications_read(access.current_producer())
        db.session.commit()
        flash(_("Notifications marked as read.") if count else _("Nothing new to mark."), "success")
    return redirect(url_for("portal.dashboard"))
