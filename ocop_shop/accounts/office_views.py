"""Office accounts' two-step sign-in (set up, reset, recovery codes) and the password asked again."""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.security import check_password_hash

from .. import ratelimits
from ..extensions import db
from . import reauth, two_factor
from .forms import ButtonForm, CodeForm, ConfirmPasswordForm
from .reauth import recent_password_required, safe_next
from .blueprint import bp


def _office_only() -> None:
    if not two_factor.applies_to(current_user):
        abort(404)


def _codes_page(codes: list[str], next_path: str | None = None):
    """The recovery codes, shown this once: never stored by a cache or the browser's history."""
    response = make_response(render_template("accounts/recovery_codes.html", codes=codes,
                                             next=next_path or url_for("accounts.home")))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/confirm-password", methods=["GET", "POST"])
@login_required
@ratelimits.account_page
def confirm_password(lang):
    form = ConfirmPasswordForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash, form.password.data):
            form.password.errors.append(_("This is not your password."))
        else:
            reauth.mark_confirmed()
            return redirect(safe_next(form.next.data) or url_for("accounts.home"))
    return render_template("accounts/confirm_password.html", form=form)


@bp.route("/two-factor/setup", methods=["GET", "POST"])
@login_required
@ratelimits.account_page
def two_factor_setup(lang):
    _office_only()
    if current_user.has_two_factor:
        return redirect(url_for("accounts.home"))
    secret = two_factor.pending_secret(current_user)
    db.session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        codes = two_factor.enable(current_user, form.code.data)
        if codes is None:
            form.code.errors.append(_("This code is not right. Check that the phone's time is set automatically "
                                      "and type the six digits your app shows now."))
        else:
            db.session.commit()
            two_factor.mark_passed(current_user)
            flash(_("Two-step sign-in is on. From now on, signing in asks for a code from your app."), "success")
            return _codes_page(codes, safe_next(request.args.get("next")))
    svg = two_factor.qr_svg(two_factor.provisioning_uri(current_user), _("QR code to scan with an authenticator app"))
    return render_template("accounts/two_factor_setup.html", form=form, qr=svg, secret=two_factor.grouped(secret))


@bp.route("/two-factor/reset", methods=["GET", "POST"])
@login_required
@recent_password_required(minutes=10)
@ratelimits.account_page
def two_factor_reset(lang):
    _office_only()
    form = ButtonForm()
    if form.validate_on_submit():
        two_factor.reset(current_user)
        db.session.commit()
        flash(_("Your authenticator app and recovery codes no longer work. Set up two-step sign-in again."), "info")
        return redirect(url_for("accounts.two_factor_setup"))
    return render_template("accounts/two_factor_reset.html", form=form)


@bp.post("/two-factor/recovery-codes")
@login_required
@recent_password_required(minutes=10)
@ratelimits.account_page
def recovery_codes(lang):
    _office_only()
    if not ButtonForm().validate_on_submit() or not current_user.has_two_factor:
        abort(400)
    codes = two_factor.new_recovery_codes(current_user)
    db.session.commit()
    flash(_("Your new recovery codes are below. The old ones no longer work."), "success")
    return _codes_page(codes)
