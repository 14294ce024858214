"""CSRF failures that keep what was typed (DESIGN §7: "nothing typed is lost, a CSRF failure included").

The global `CSRFProtect` check answers a bad or missing token with the generic 400 page, before
the view runs, so a long form would be lost. Views marked with `keeps_input` are left out of that
global check and rely on their own Flask-WTF form instead: `FlaskForm.validate_on_submit()`
checks the same token against the same session, so a failure makes the form invalid and the view
renders it again with what was typed, a fresh token and the notice from `_macros/forms.html`.

Only a view whose every state change happens inside `form.validate_on_submit()` may be marked:
anything it did before or outside that check would run without CSRF protection. The set of such
views is listed in `tests/test_csrf_input.py`, so adding one is a deliberate, reviewed change.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import current_app, make_response, request
from flask_wtf import FlaskForm
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from .extensions import csrf

KEEPS_INPUT: set[str] = set()


def keeps_input(view: Callable) -> Callable:
    """Let the view's own form check the CSRF token, so a failure re-renders what was typed (as a 400)."""

    @wraps(view)
    def checked(*args, **kwargs):
        refused = _token_refused()
        response = make_response(view(*args, **kwargs))
        if refused and response.status_code in (200, 422):
            response.status_code = 400
        return response

    csrf.exempt(checked)
    KEEPS_INPUT.add(f"{view.__module__}.{view.__name__}")
    return checked


def _token_refused() -> bool:
    """Whether this submission's token fails the same check the global CSRFProtect would make."""
    if request.method not in current_app.config["WTF_CSRF_METHODS"] or not current_app.config["WTF_CSRF_ENABLED"]:
        return False
    try:
        validate_csrf(request.form.get(current_app.config["WTF_CSRF_FIELD_NAME"]))
    except ValidationError:
        return True
    return False


def token_failed(form: FlaskForm) -> bool:
    """Whether the form was refused because of its CSRF token (expired session, another tab)."""
    token = getattr(form, "csrf_token", None)
    return bool(token is not None and token.errors)
