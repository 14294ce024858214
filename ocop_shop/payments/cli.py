"""flask --app wsgi orders expire: unpaid orders past their deadline release their stock (cron)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from .. import mail
from ..actors import acting_as
from ..extensions import db
from ..orders import cod, parcels
from ..orders.services import OrderError
from ..types import utcnow
from . import declines, services, stripe_flow
from .stripe_gateway import GatewayError

orders_cli = AppGroup("orders", help="Order housekeeping.")


def expire_overdue() -> dict[str, int]:
    """Expire every overdue unpaid order (card orders: Stripe is asked first); commits each order."""
    counts = {"expired": 0, "paid": 0, "skipped": 0}
    for order_id in [o.id for o in services.overdue_orders()]:
        order = db.session.get(services.Order, order_id)
        try:
            outcome = "expire"
            if order.payment_method == "stripe" and current_app.config.get("STRIPE_SECRET_KEY"):
                outcome = stripe_flow.settle_before_expiry(order, current_app.config)
            if outcome == "expire":
                services.expire_order(order)
            counts["expired" if outcome == "expire" else "paid"] += 1
            db.session.commit()
        except GatewayError as error:
            db.session.rollback()
            current_app.logger.warning("Order %s not expired, Stripe unreachable: %s", order_id, error)
            counts["skipped"] += 1
        except OrderError as error:  # cancelled or shipped meanwhile (the buyer or the office was quicker)
            db.session.rollback()
            current_app.logger.info("Order %s not expired: %s", order_id, error)
            counts["skipped"] += 1
    return counts


def release_unaccepted() -> int:
    """Cash-on-delivery parcels not accepted within COD_ACCEPT_HOURS give their units back; commits each parcel."""
    released = 0
    for parcel_id in cod.unaccepted_parcels(utcnow(), current_app.config["COD_ACCEPT_HOURS"]):
        try:
            declines.drop(parcel_id, parcels.NOT_ACCEPTED, None)
            db.session.commit()
            released += 1
        except OrderError:  # accepted, declined or cancelled meanwhile: the conditional UPDATE lost
            db.session.rollback()
    return released


@orders_cli.command("expire")
def expire_command():
    """Expire unpaid orders past their payment deadline and release their stock."""
    with acting_as(label="cron: orders expire"):  # the order timeline names the command
        counts = expire_overdue()
        released = release_unaccepted()
    mail.send_pending()
    click.echo(f"Expired {counts['expired']}, found paid {counts['paid']}, "
               f"skipped {counts['skipped']} (Stripe unreachable, or cancelled meanwhile); "
               f"released {released} cash-on-delivery parcels not accepted in time.")
