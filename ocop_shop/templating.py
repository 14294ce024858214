"""Jinja filters and globals shared by every area."""
from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import format_date, format_decimal
from flask_babel import lazy_gettext as _l

from . import storage
from .catalog import alcohol
from .i18n import current_lang
from .money import format_vnd
from .promotions.pricing import price_for
from .timeutil import local_today


def vnd(amount: int) -> str:
    """Jinja filter: đồng formatted for the page's language."""
    return format_vnd(amount, current_lang())


# Main navigation; an entry shows only when its area is registered.
NAV_LINKS = (
    ("catalog.products", _l("Products")),
    ("producers.index", _l("Producers")),
    ("places.index", _l("Places")),
    ("cart.show", _l("Cart")),
    ("join.apply", _l("For producers")),  # the application form, or the portal for members
)


def nav_links() -> list[tuple[str, str]]:
    return [(endpoint, str(label)) for endpoint, label in NAV_LINKS if endpoint in current_app.view_functions]


def register(app: Flask) -> None:
    app.jinja_env.filters.update(vnd=vnd, date=format_date, number=format_decimal)
    app.jinja_env.globals.update(
        price_for=price_for,
        nav_links=nav_links,
        srcset=storage.srcset,
        image_url=storage.image_url,
        scaled_height=storage.scaled_height,
        shows_details=lambda product: alcohol.shows_details(product, session),
        may_promote=alcohol.may_promote,
        local_today=local_today,
    )

    @app.context_processor
    def _page_context():
        return {
            "today": local_today(),
            "demo_mode": current_app.config["DEMO_MODE"],
            "lang": current_lang(),
            "age_declared": alcohol.age_declared(session),
            "request_path": request.path,
        }
