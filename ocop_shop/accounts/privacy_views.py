"""A customer's data: download it (JSON), marketing email yes or no, delete the account."""
from __future__ import annotations

import json

from flask import abort, flash, make_response, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user

from .. import ratelimits
from ..extensions import db
from ..timeutil import local_today
from . import privacy
from .forms import DeleteAccountForm, MarketingForm
from .reauth import recent_password_required
from .services import AccountError
from .blueprint import bp

BLOCKERS = {
    "open_orders": _l("You have an order that is not finished yet (or a refund we still owe you). "
                      "You can delete your account once it is delivered, cancelled or refunded."),
    "open_bookings": _l("You have a booking request for a day still to come. Cancel it or wait until the day "
                        "has passed, then delete your account."),
}


@bp.get("/data.json")
@login_required
@recent_password_required(minutes=10)
@ratelimits.account_page
def download_data(lang):
    body = json.dumps(privacy.export(current_user), ensure_ascii=False, indent=2)
    response = make_response(body)
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="ocop-cao-bang-my-data-{local_today()}.json"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/marketing")
@login_required
@ratelimits.account_page
def marketing(lang):
    form = MarketingForm()
    if not form.validate_on_submit():
        abort(400)
    changed = privacy.set_marketing(current_user, form.marketing.data, "account_page")
    db.session.commit()
    if changed is not None and changed.granted:
        flash(_("Thank you: we will email you news and offers. You can stop them here at any time."), "success")
    elif changed is not None:
        flash(_("Done: we will not email you news and offers any more."), "success")
    return redirect(url_for("accounts.home", _anchor="marketing"))


@bp.route("/delete", methods=["GET", "POST"])
@login_required
@recent_password_required(minutes=10)
@ratelimits.account_page
def delete_account(lang):
    blocker = privacy.deletion_blocker(current_user)
    if blocker == "not_customer":
        abort(404)
    form = DeleteAccountForm()
    if blocker is None and form.validate_on_submit():
        try:
            privacy.delete_account(current_user, form.password.data)
        except AccountError as error:
            db.session.rollback()
            if str(error) == "wrong_password":
                form.password.errors.append(_("This is not your password."))
            else:  # an order or booking was opened meanwhile
                blocker = str(error)
        else:
            db.session.commit()
            logout_user()
            session.clear()
            flash(_("Your account is deleted. Thank you for shopping with us."), "success")
            return redirect(url_for("storefront.home"))
    return render_template("accounts/delete.html", form=form, blocker=BLOCKERS.get(blocker))
