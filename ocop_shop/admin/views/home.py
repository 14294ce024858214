"""The office's home: today's work in counts, each linking to the list that shows it."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, url_for
from flask_babel import lazy_gettext as _l

from ..blueprint import bp
from ..workload import workload


@dataclass(frozen=True)
class Tile:
    """One count on the home page and where its list is (endpoint and query arguments)."""

    attribute: str
    label: object
    endpoint: str
    args: tuple = ()


# The orders list (admin/views/orders.py) has no filter for a parcel's lateness or an order's age:
# those two tiles open it unfiltered, or filtered by payment method only.
TILES = (
    Tile("producers_pending", _l("Producer applications"), "admin.producers", (("status", "pending"),)),
    Tile("products_pending", _l("Products waiting for review"), "admin.review"),
    Tile("revisions_pending", _l("Changes waiting for review"), "admin.review"),
    Tile("transfers_pending", _l("Bank transfers to confirm"), "admin.transfers"),
    Tile("certificates_expiring_30", _l("Certificates expiring within 30 days"), "admin.certificates",
         (("show", "expiring_30"),)),
    Tile("certificates_expiring_90", _l("Certificates expiring within 90 days"), "admin.certificates",
         (("show", "expiring_90"),)),
    Tile("parcels_late", _l("Parcels not accepted by their producer within 48 hours"), "admin.orders"),
    Tile("cash_orders_old", _l("Cash-on-delivery orders older than 14 days, not delivered"), "admin.orders",
         (("payment_method", "cod"),)),
    Tile("bookings_late", _l("Booking requests unanswered for 48 hours"), "admin.bookings", (("state", "late"),)),
)


def _link(tile: Tile) -> str | None:
    """The list's address, or None while that page does not exist."""
    if tile.endpoint not in current_app.view_functions:
        return None
    return url_for(tile.endpoint, **dict(tile.args))


@bp.get("/", endpoint="home")
def home(lang):
    counts = workload()
    tiles = [(str(tile.label), getattr(counts, tile.attribute), _link(tile)) for tile in TILES]
    return render_template("admin/home.html", tiles=tiles)
