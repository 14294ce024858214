"""`flask --app wsgi seed-demo`: load the sample catalog and demo accounts (demo mode only)."""
from __future__ import annotations

import click
from flask import current_app

from ..extensions import db
from ..payments.demo import seed_demo_orders
from ..timeutil import local_today
from .demo import SeedReport, discard_pictures, seed_demo
from .fairs import seed_fairs
from .plan import seed_plan
from .promotions import seed_promotions


@click.command("seed-demo")
def seed_demo_command():
    """Load the sample catalog and the demo accounts; demo mode only, safe to run again."""
    if not current_app.config.get("DEMO_MODE"):
        raise click.ClickException(
            "seed-demo only runs in demo mode (OCOP_ENV=development with DEMO_MODE on): it loads sample "
            "data and creates demo accounts whose password is published. Nothing was changed.")
    report = SeedReport()
    try:
        report = seed_demo()
        orders_added = seed_demo_orders()
        fairs_added = seed_fairs(local_today())
        plans_added = seed_plan()
        campaigns_added = seed_promotions(local_today(), report.image_keys)
        db.session.commit()
    except Exception:
        db.session.rollback()
        discard_pictures(report)
        raise
    click.echo(report.summary())
    click.echo(f"Demo orders in every state for the demo producers: +{orders_added}.")
    click.echo(f"Sample trade fairs (one past, one upcoming): +{fairs_added}.")
    click.echo(f"Plan target sets (2021–2025): +{plans_added}.")
    click.echo(f"Sample campaign running on the home page (noodles, 15% off): +{campaigns_added}.")
