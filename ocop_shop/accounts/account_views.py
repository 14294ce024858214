"""The account page, email verification, forgotten and changed passwords, change of email."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import ratelimits
from ..extensions import db
from . import passwords, privacy, two_factor, verification
from .forms import ButtonForm, ChangeEmailForm, ChangePasswordForm, ForgotPasswordForm, MarketingForm, ResetPasswordForm
from .services import AccountError
from .blueprint import bp


@bp.get("/")
@login_required
def home(lang):
    choice = privacy.marketing_choice(current_user)
    marketing = MarketingForm(marketing=bool(choice and choice.granted))
    office = two_factor.applies_to(current_user)
    return render_template("accounts/home.html", button=ButtonForm(), marketing=marketing, choice=choice,
                           office=office, codes_left=two_factor.codes_left(current_user) if office else 0,
                           may_delete=privacy.deletion_blocker(current_user) != "not_customer")


@bp.post("/verify/resend")
@login_required
@ratelimits.account_page
def resend_verification(lang):
    if not ButtonForm().validate_on_submit():
        abort(400)
    if verification.send_link(current_user):
        db.session.commit()
        flash(_("We sent a new link to your email address. It works for three days."), "success")
    return redirect(url_for("accounts.home"))


@bp.route("/verify/<token>", methods=["GET", "POST"])
@ratelimits.posts(ratelimits.LOOKUP)
def verify_email(lang, token):
    # The link opens a page with a button: mail scanners that open links do not use it up.
    form = ButtonForm()
    if form.validate_on_submit():
        user = verification.verify(token)
        if user is not None:
            db.session.commit()
            flash(_("Thank you: your email address is confirmed."), "success")
            return redirect(url_for("accounts.home") if current_user.is_authenticated else url_for("accounts.login"))
        return render_template("accounts/link_invalid.html"), 404
    if verification.tokens.peek(token, "verify_email") is None:
        return render_template("accounts/link_invalid.html"), 404
    return render_template("accounts/verify_email.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@ratelimits.password_reset
def forgot_password(lang):
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        passwords.request_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not an account has this address.
        return render_template("accounts/forgot_password_sent.html")
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@ratelimits.password_reset
def reset_password(lang, token):
    if not passwords.reset_form_valid(token):
        return render_template("accounts/link_invalid.html"), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        if passwords.reset(token, form.password.data) is None:
            return render_template("accounts/link_invalid.html"), 404
        db.session.commit()
        flash(_("Your new password is saved. Sign in with it."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@login_required
@ratelimits.account_page
def change_password(lang):
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            passwords.change(current_user, form.current.data, form.password.data)
        except AccountError:
            form.current.errors.append(_("This is not your current password."))
        else:
            db.session.commit()
            flash(_("Your new password is saved."), "success")
            return redirect(url_for("accounts.home"))
    return render_template("accounts/change_password.html", form=form)


EMAIL_ERRORS = {
    "wrong_password": ("password", _l("This is not your current password.")),
    "same_email": ("email", _l("This is already your email address.")),
    "email_taken": ("email", _l("Another account uses this email address.")),
}


@bp.route("/email", methods=["GET", "POST"])
@login_required
@ratelimits.account_page
def change_email(lang):
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            verification.request_change(current_user, form.email.data, form.password.data)
        except AccountError as error:
            name, message = EMAIL_ERRORS[str(error)]
            form[name].errors.append(str(message))
        else:
            db.session.commit()
            flash(_("We sent a link to %(email)s. Your address changes when you open it (within a day).",
                    email=form.email.data.lower()), "success")
            return redirect(url_for("accounts.home"))
    return render_template("accounts/change_email.html", form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
@ratelimits.posts(ratelimits.LOOKUP)
def confirm_email_change(lang, token):
    form = ButtonForm()
    pending = verification.tokens.peek(token, "change_email")
    if pending is None:
        return render_template("accounts/link_invalid.html"), 404
    if form.validate_on_submit():
        try:
            user = verification.confirm_change(token)
        except AccountError:
            db.session.rollback()
            flash(_("Another account uses this email address now, so yours was not changed."), "error")
            return redirect(url_for("storefront.home"))
        if user is None:
            return render_template("accounts/link_invalid.html"), 404
        db.session.commit()
        flash(_("Your email address is now %(email)s.", email=user.email), "success")
        return redirect(url_for("accounts.home") if current_user.is_authenticated else url_for("accounts.login"))
    return render_template("accounts/confirm_email_change.html", form=form, new_email=pending.new_email)
