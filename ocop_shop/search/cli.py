"""flask --app wsgi search reindex | sync (attached to the search blueprint's CLI group)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

HELP = "Keep the product search index in step with the database."


@click.command("sync")
@with_appcontext
@click.pass_context
def sync_command(ctx):
    """Apply the outbox rows that requests left (cron, every minute); build the index if there is none."""
    from whoosh.index import LockError

    from . import pending, sync
    from .backend import on_postgres
    from .outbox import store_for
    from .store import RebuildInProgress

    if not on_postgres() and store_for().current_name() is None:
        click.echo("There is no search index yet: building it.")
        ctx.invoke(reindex_command)
        return

    try:
        applied = sync()
    except RebuildInProgress:
        click.echo("A reindex is running; it replays pending changes itself. Nothing done.")
        return
    except LockError:
        raise click.ClickException("The index stayed busy; try again in a moment.")
    click.echo(f"Applied {applied} change(s); {pending()} left.")


@click.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the index (Whoosh: a new folder swapped in atomically; PostgreSQL: the table in one
    transaction), replay changes made meanwhile."""
    from . import reindex
    from .store import RebuildInProgress

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=max(total, 1), label="Indexing products")
            bar.__enter__()
        bar.update(done)

    try:
        report = reindex(progress=progress)
    except RebuildInProgress:
        raise click.ClickException("Another reindex is running.")
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    click.echo(f"Indexed {report['indexed']} product(s) into {report['generation']}; "
               f"replayed {report['replayed']} change(s) made meanwhile.")
