"""Home page, the language redirect at / and the health check."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from sqlalchemy import text

from ..extensions import db
from ..i18n import best_language, register_language_prefix

bp = Blueprint("storefront", __name__, url_prefix="/<lang>")
register_language_prefix(bp)
root_bp = Blueprint("root", __name__)


@root_bp.get("/")
def root():
    """Send visitors to their best language (default vi)."""
    response = redirect(url_for("storefront.home", lang=best_language()), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


@root_bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/")
def home(lang):
    return render_template("storefront/home.html")
