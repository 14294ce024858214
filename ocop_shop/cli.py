"""flask --app wsgi … commands (DESIGN §6)."""
from __future__ import annotations

import os
from importlib import import_module

import click
from flask import Flask
from flask.cli import AppGroup
from flask_migrate import upgrade

from config import BASE_DIR

from .extensions import db

translations = AppGroup("translations", help="Extract, update and compile the UI translations.")


def register(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(create_admin)
    app.cli.add_command(translations)
    app.cli.add_command(_orders_group())
    app.cli.add_command(_producers_group())
    app.cli.add_command(import_module(".catalog.commands", __package__).products)
    app.cli.add_command(import_module(".seed.command", __package__).seed_demo_command)
    app.cli.add_command(import_module(".catalog.certificate_commands", __package__).certificates_cli)
    app.cli.add_command(import_module(".ops.backup", __package__).backup_command)
    app.cli.add_command(import_module(".ops.restore", __package__).restore_command)
    app.cli.add_command(import_module(".image_jobs", __package__).images_cli)


def _producers_group():
    from .producers.commands import producers

    return producers


def _orders_group():
    from .payments.cli import orders_cli

    return orders_cli


@click.command("init-db")
def init_db():
    """Create or upgrade the database schema by running the migrations."""
    from .catalog.groups import ensure_groups
    from .orders.shipping import ensure_default_rules

    upgrade(directory=str(BASE_DIR / "migrations"), revision="heads")
    added = ensure_groups()
    ensure_default_rules()  # shipping zones and rates, seeded once
    db.session.commit()
    click.echo(f"Database is up to date ({added} OCOP groups or sub-categories added).")


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="OCOP office", help="Display name.")
def create_admin(email: str, name: str):
    """Create an office (admin) account; password from OCOP_ADMIN_PASSWORD or a prompt."""
    from .accounts import services

    password = os.environ.get("OCOP_ADMIN_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True)
    if len(password) < 10:
        raise click.ClickException("Use a password of at least 10 characters.")
    existing = services.find_by_login(email)
    if existing is not None:
        existing.role = "admin"
        services.set_password(existing, password)
    else:
        services.create_user(email, password, name, role="admin")
    db.session.commit()
    click.echo(f"Admin account ready: {email.lower()}")


@translations.command("update")
def translations_update():
    """Extract msgids from code and templates and merge them into every catalogue."""
    from . import translations_tool as tool

    with tool.locked():
        tool.extract_and_update()
    for locale in tool.LOCALES:
        missing = tool.problems(locale)
        click.echo(f"{locale}: {len(missing)} messages need a translation.")


@translations.command("compile")
def translations_compile():
    """Compile every catalogue to its .mo file (committed, so a clone needs no compile)."""
    from . import translations_tool as tool

    with tool.locked():
        tool.compile_all()
    click.echo("Compiled.")
