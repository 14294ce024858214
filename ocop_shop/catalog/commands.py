"""flask --app wsgi products …: the office's product reviews from the command line.

Thin wrappers around catalog.review, the services the back office calls too: the same rules,
the same conditional updates, and an audit row for each decision (recorded as the command line).
"""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from .. import storage
from ..extensions import db
from . import review, review_queries, revisions, services
from .models import Product, ProductRevision


products = AppGroup("products", help="Review products and changes that producers sent.")


def _product(slug: str) -> Product:
    product = db.session.scalar(select(Product).where(Product.slug == slug))
    if product is None:
        raise click.ClickException(f"No product with the slug {slug!r}.")
    return product


def _open_revision(product: Product) -> ProductRevision:
    revision = revisions.open_revision(product)
    if revision is None or revision.status != "pending_review":
        raise click.ClickException(f"{product.slug} has no changes waiting for review.")
    return revision


def _commit(action, *args):
    try:
        result = action(*args)
    except (services.CatalogError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    return result


@products.command("pending")
def pending():
    """List new products and changes waiting for the office's review."""
    for product in review_queries.waiting_products(limit=None):
        click.echo(f"new\t{product.slug}\t{product.name}")
    for revision in review_queries.waiting_changes(limit=None):
        click.echo(f"changes\t{revision.product.slug}\t{revision.product.name}")


@products.command("publish")
@click.argument("slug")
def publish(slug: str):
    """Publish a product waiting for review (liquor needs the producer's licence on record)."""
    product = _product(slug)
    _commit(review.publish, product, None)
    click.echo(f"Published: {product.slug}")


@products.command("send-back")
@click.argument("slug")
@click.option("--reason", required=True, help="What the producer should change (they see it).")
def send_back(slug: str, reason: str):
    """Send a product waiting for review back to its producer as a draft."""
    _commit(review.send_back, _product(slug), reason, None)
    click.echo(f"Sent back: {slug}")


@products.command("approve-changes")
@click.argument("slug")
def approve_changes(slug: str):
    """Make the changes waiting for review on a published product public."""
    product = _product(slug)
    for key in _commit(review.approve_changes, _open_revision(product), None):
        storage.delete_image(key)  # pictures the approved version no longer shows
    click.echo(f"Changes are public: {slug}")


@products.command("reject-changes")
@click.argument("slug")
@click.option("--reason", required=True, help="What the producer should change (they see it).")
def reject_changes(slug: str, reason: str):
    """Send the changes waiting on a published product back to its producer."""
    product = _product(slug)
    _commit(review.reject_changes, _open_revision(product), reason, None)
    click.echo(f"Changes sent back: {slug}")
