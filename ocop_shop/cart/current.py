"""The visitor's cart for this request: the signed-in user's, else the one whose token is in the session.

Also merges a guest cart at sign-in, for form and remember-me logins alike.
"""
from __future__ import annotations

from flask import flash, session
from flask_babel import gettext as _
from flask_login import current_user, user_loaded_from_cookie, user_logged_in

from ..extensions import db
from . import services
from .models import Cart

TOKEN_KEY = "cart_token"
# Flask-Login's own keys survive the renewal after a remember-me sign-in.
_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "age_declared", TOKEN_KEY)


def current_cart(create: bool = False) -> Cart | None:
    """This visitor's cart (made when `create` and there is none yet)."""
    if current_user.is_authenticated:
        cart = services.find_cart(user_id=current_user.id)
        if cart is None and create:
            cart = services.create_cart(user_id=current_user.id)
        return cart
    cart = services.find_cart(token=session.get(TOKEN_KEY))
    if cart is None and create:
        cart = services.create_cart()
        session[TOKEN_KEY] = cart.token
    return cart


def merge_guest_cart(user) -> None:
    """Read the guest token, merge that cart into the user's, say what changed (commits)."""
    token = session.pop(TOKEN_KEY, None)
    if not token:
        return
    notices = services.adopt_or_merge(token, user.id)
    db.session.commit()
    for notice in notices:
        flash(notice, "info")


def _on_form_login(sender, user, **extra) -> None:
    # accounts.views.login has renewed the session (keeping cart_token) before login_user().
    merge_guest_cart(user)


def _on_cookie_login(sender, user, **extra) -> None:
    kept = {key: session[key] for key in _LOGIN_KEYS if key in session}
    session.clear()
    session.update(kept)
    merge_guest_cart(user)


user_logged_in.connect(_on_form_login)
user_loaded_from_cookie.connect(_on_cookie_login)
