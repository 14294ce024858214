"""Localized error pages: a clear 4xx page, never a 500 for bad input."""
from __future__ import annotations

from flask import Flask, current_app, g, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: (_l("Bad request"), _l("We could not understand that request. Please check the address or the form and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to see this page.")),
    404: (_l("Page not found"), _l("We could not find this page. It may have moved, or the product may no longer be on sale.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Too many requests"), _l("Please wait a moment and try again.")),
    500: (_l("Something went wrong"), _l("Sorry, something went wrong on our side. Please try again in a moment.")),
}


def _lang_from_path() -> str:
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in current_app.config["LANGUAGES"] else "vi"


def render_error(code: int, detail: str | None = None):
    """Render the error page in the language of the URL."""
    g.lang = getattr(g, "lang", None) or _lang_from_path()
    title, message = MESSAGES.get(code, MESSAGES[400])
    return render_template("errors/error.html", code=code, title=str(title),
                           message=detail or str(message)), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, _("Your session expired. Please go back, reload the page and submit again."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code and error.code < 400:
            return error
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        current_app.logger.exception("Unhandled error on %s", request.path)
        from .extensions import db

        db.session.rollback()
        return render_error(500)
