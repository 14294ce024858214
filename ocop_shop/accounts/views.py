"""Sign in, sign out and register (under /<lang>/account/)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import ratelimits
from ..extensions import db, login_manager
from ..i18n import register_language_prefix
from . import services
from ..csrf import keeps_input
from .forms import LoginForm, RegisterForm
from .models import User

bp = Blueprint("accounts", __name__, url_prefix="/<lang>/account")
register_language_prefix(bp)

# Session keys that survive a sign-in (the session is otherwise renewed).
KEPT_SESSION_KEYS = ("age_declared", "cart_token")


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@login_manager.unauthorized_handler
def _unauthorized():
    flash(_("Please sign in to continue."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def safe_next(target: str | None) -> str | None:
    """A same-site path to go to after sign-in, or None (never another host)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def renew_session() -> None:
    """Drop the old session contents (fixation) but keep the visitor's cart and age flag."""
    kept = {key: session[key] for key in KEPT_SESSION_KEYS if key in session}
    session.clear()
    session.update(kept)


@bp.route("/login", methods=["GET", "POST"])
@ratelimits.sign_in
@keeps_input
def login(lang):
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.login.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email, phone number or password is not right."))
        else:
            renew_session()
            login_user(user, remember=form.remember.data)
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(safe_next(form.next.data) or url_for("storefront.home"))
    return render_template("accounts/login.html", form=form)


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
            db.session.commit()
            renew_session()
            login_user(user)
            flash(_("Your account is ready. Welcome, %(name)s.", name=user.name), "success")
            return redirect(url_for("storefront.home"))
    return render_template("accounts/register.html", form=form)
