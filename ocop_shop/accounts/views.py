"""Sign in (with the office's two-step code), sign out and register (under /<lang>/account/).

The account's own pages live in account_views.py (email, password, verification),
office_views.py (two-step sign-in, password asked again) and privacy_views.py (download,
marketing email, deletion); they add their routes to this blueprint.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from .. import ratelimits
from ..csrf import keeps_input
from ..extensions import db, login_manager
from . import account_views, office_views, privacy_views  # noqa: F401  (their routes join bp)
from . import privacy, reauth, services, two_factor, verification
from .blueprint import bp
from .forms import CodeForm, LoginForm, RegisterForm
from .models import User
from .reauth import safe_next  # noqa: F401  (the one same-site check; tests import it from here)


# Session keys that survive a sign-in (the session is otherwise renewed).
KEPT_SESSION_KEYS = ("age_declared", "cart_token")


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@login_manager.unauthorized_handler
def _unauthorized():
    flash(_("Please sign in to continue."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def renew_session() -> None:
    """Drop the old session contents (fixation) but keep the visitor's cart and age flag."""
    kept = {key: session[key] for key in KEPT_SESSION_KEYS if key in session}
    session.clear()
    session.update(kept)


def _signed_in(user: User, remember: bool, next_path: str | None, two_step_passed: bool = False):
    """Start the signed-in session (a new one) and go on."""
    renew_session()
    login_user(user, remember=remember)
    reauth.mark_confirmed()
    if two_step_passed:
        two_factor.mark_passed(user)
    flash(_("Welcome back, %(name)s.", name=user.name), "success")
    if two_factor.applies_to(user) and not user.has_two_factor:
        return redirect(url_for("accounts.two_factor_setup", next=next_path or ""))
    return redirect(next_path or url_for("storefront.home"))


@bp.route("/login", methods=["GET", "POST"])
@ratelimits.sign_in
@keeps_input
def login(lang):
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.login.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email, phone number or password is not right."))
        elif two_factor.applies_to(user) and user.has_two_factor:
            renew_session()
            two_factor.start_pending(user, safe_next(form.next.data), remember=False)
            return redirect(url_for("accounts.two_factor_code"))
        else:
            # Office accounts are never remembered on a device: each session passes the code step.
            remember = form.remember.data and not two_factor.applies_to(user)
            return _signed_in(user, remember, safe_next(form.next.data))
    return render_template("accounts/login.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
@ratelimits.two_factor
def two_factor_code(lang):
    user, pending = two_factor.pending_user()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        used = two_factor.check_sign_in(user, form.code.data)
        if used is None:
            form.code.errors.append(_("This code is not right. Type the six digits your app shows now, "
                                      "or one of your recovery codes."))
        else:
            db.session.commit()
            if used == "recovery":
                left = two_factor.codes_left(user)
                flash(_("You used a recovery code. Recovery codes left: %(num)d. Make new ones on your account "
                        "page.", num=left), "info")
            return _signed_in(user, pending.get("remember", False), safe_next(pending.get("next")),
                              two_step_passed=True)
    return render_template("accounts/two_factor_code.html", form=form)


@bp.post("/logout")
@login_required
def logout(lang):
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("storefront.home"))


@bp.route("/register", methods=["GET", "POST"])
@ratelimits.posts(ratelimits.NEW_ACCOUNT)
@keeps_input
def register(lang):
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data, form.name.data, locale=lang)
        except services.AccountError:
            form.email.errors.append(_("An account with this email already exists. Try signing in."))
        else:
            if form.marketing.data:
                privacy.set_marketing(user, True, "registration")
            verification.send_link(user)
            db.session.commit()
            renew_session()
            login_user(user)
            reauth.mark_confirmed()
            flash(_("Your account is ready. Welcome, %(name)s. We sent you an email: open its link to confirm "
                    "your address.", name=user.name), "success")
            return redirect(url_for("storefront.home"))
    return render_template("accounts/register.html", form=form)
