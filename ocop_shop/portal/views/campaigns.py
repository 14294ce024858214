"""Producer-funded campaigns covering the producer's products: see what each costs, accept or leave."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...promotions import opt_in
from ...types import utcnow
from .. import access
from ..blueprint import bp
from ..forms import ConfirmForm


@bp.get("/campaigns")
def campaigns(lang):
    now = utcnow()
    return render_template("producer/campaigns.html", offers=access.own_campaign_offers(now), now=now,
                           form=ConfirmForm())


@bp.post("/campaigns/<int:campaign_id>/accept")
def campaign_accept(lang, campaign_id):
    return _answer(campaign_id, opt_in.accept,
                   lambda name: _("You take part in “%(name)s”: its discount applies to your products from now on.",
                                  name=name),
                   lambda name: _("You already take part in “%(name)s”.", name=name))


@bp.post("/campaigns/<int:campaign_id>/leave")
def campaign_leave(lang, campaign_id):
    return _answer(campaign_id, opt_in.leave,
                   lambda name: _("You left “%(name)s”: new orders pay your full price. Orders already placed keep "
                                  "their price.", name=name),
                   lambda name: _("You do not take part in “%(name)s”.", name=name))


def _answer(campaign_id: int, change, done, unchanged):
    """Accept or leave: one conditional change (opt_in), then back to the list saying what happened."""
    now = utcnow()
    offer = access.own_campaign_offer_or_404(campaign_id, now)
    if not ConfirmForm().validate_on_submit():
        flash(_("This form had expired, so nothing was sent yet. Please try again."), "error")
    elif change(offer.campaign.id, access.current_producer().id, current_user, now):
        db.session.commit()
        flash(done(offer.campaign.name), "success")
    else:
        flash(unchanged(offer.campaign.name), "info")
    return redirect(url_for("portal.campaigns"))
