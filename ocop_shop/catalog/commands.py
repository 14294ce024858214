"""flask --app wsgi products …: the office's product reviews until its screens exist."""
from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from . import revisions, services
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


def _commit(action, *args) -> None:
    try:
        action(*args)
    except (services.CatalogError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()


@products.command("pending")
def pending():
    """List new products and changes waiting for the office's review."""
    for product in db.session.scalars(select(Product).where(Product.status == "pending_review").order_by(Product.id)):
        click.echo(f"new\t{product.slug}\t{product.name}")
    waiting = select(Product).join(ProductRevision, ProductRevision.product_id == Product.id).where(
        ProductRevision.status == "pending_review").order_by(Product.id)
    for product in db.session.scalars(waiting):
        click.echo(f"changes\t{product.slug}\t{product.name}")


@products.command("publish")
@click.argument("slug")
def publish(slug: str):
    """Publish a product waiting for review (liquor needs the producer's licence on record)."""
    product = _product(slug)
    _commit(services.publish, product)
    click.echo(f"Published: {product.slug}")


@products.command("send-back")
@click.argument("slug")
@click.option("--reason", required=True, help="What the producer should change (they see it).")
def send_back(slug: str, reason: str):
    """Send a product waiting for review back to its producer as a draft."""
    _commit(services.send_back, _product(slug), reason)
    click.echo(f"Sent back: {slug}")


@products.command("approve-changes")
@click.argument("slug")
def approve_changes(slug: str):
    """Make the changes waiting for review on a published product public."""
    product = _product(slug)
    _commit(revisions.approve, _open_revision(product))
    click.echo(f"Changes are public: {slug}")


@products.command("reject-changes")
@click.argument("slug")
@click.option("--reason", required=True, help="What the producer should change (they see it).")
def reject_changes(slug: str, reason: str):
    """Send the changes waiting on a published product back to its producer."""
    product = _product(slug)
    _commit(revisions.send_back, _open_revision(product), reason)
    click.echo(f"Changes sent back: {slug}")
