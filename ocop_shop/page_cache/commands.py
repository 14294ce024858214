"""`flask --app wsgi page-cache clear`: make every cached page stale (after a deploy that changed
templates or static files, which no database change announces)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from . import version


@click.group("page-cache")
def page_cache_cli():
    """The page cache of anonymous public pages."""


@page_cache_cli.command("clear")
@with_appcontext
def clear_command():
    """Bump the version stamp: every server stops serving what it cached before."""
    version.bump()
    click.echo(f"Page cache cleared (version {version.current()}).")
