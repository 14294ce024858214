"""`flask --app wsgi restore ARCHIVE`: load a backup into the configured database and upload folder.

Order: unpack and check everything (`unpack.py`), check the schema revisions, then in ONE
transaction delete what `init-db` put there, insert every row in dependency order and reset
PostgreSQL's id sequences; the pictures are moved in just before the commit (and moved back
if it fails). Last, the search index is rebuilt from the restored rows, as `search reindex`
does. Any refusal or error before the commit changes nothing.
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import Integer, Table, literal, select, text
from sqlalchemy.engine import Connection

from .. import blob_store
from ..extensions import db
from ..types import utcnow
from . import archive, unpack
from .archive import ArchiveError

BATCH = 1000
# Rows `init-db` creates in a new database (OCOP groups, shipping rules, and the page cache's
# version stamp its commits bump): they do not make it "hold data", and the archive's own rows replace them.
INIT_TABLES = frozenset({"categories", "shipping_zones", "shipping_rates", "shipping_zone_provinces",
                         "page_cache_versions"})


class RestoreRefused(Exception):
    """The configured database is not ready to receive a backup."""


@dataclass(frozen=True)
class RestoreReport:
    rows: int
    files: int
    indexed: int | None  # None: another reindex was running
    moved_aside: Path | None


def tables_with_data(conn: Connection | None = None) -> list[str]:
    """Tables holding rows beyond what `init-db` creates (an empty shop has none)."""
    if conn is None:
        with db.engine.connect() as fresh:
            return tables_with_data(fresh)
    return [table.name for table in db.metadata.sorted_tables if table.name not in INIT_TABLES
            and conn.execute(select(literal(1)).select_from(table).limit(1)).first() is not None]


def check_database_migrated() -> None:
    """The configured database is at this code's migration heads (`init-db` was run)."""
    code = archive.code_heads()
    with db.engine.connect() as conn:
        current = archive.database_heads(conn)
    if current != code:
        raise RestoreRefused(f"The database is at schema revisions {sorted(current) or 'none'}, this code at "
                             f"{sorted(code)}: run `flask --app wsgi init-db` first.")


def check_revisions(manifest: dict) -> None:
    """The database and the archive are both at this code's migration heads."""
    check_database_migrated()
    code = archive.code_heads()
    made_at = set(manifest["alembic_heads"])
    if made_at != code:
        raise RestoreRefused(
            f"The archive was made at schema revisions {sorted(made_at)} (app {manifest.get('app_version')}); "
            f"this code is at {sorted(code)}. Restore it with the app version that made it, then upgrade.")


def restore_backup(archive_path: Path, replace: bool = False) -> RestoreReport:
    """Restore an archive; `replace` allows deleting data already in the database."""
    tables = db.metadata.sorted_tables
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    upload_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=upload_dir.parent, prefix=".ocop-restore-"))  # same disk: moves are renames
    try:
        manifest = unpack.unpack(archive_path, staging)
        check_revisions(manifest)
        unpack.check_tables(manifest, tables)
        rows = unpack.validate_rows(staging, manifest, tables)
        aside = _load(staging, tables, upload_dir, replace)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreReport(rows, len(manifest["uploads"]), _rebuild_search(), aside)


def _load(staging: Path, tables: list[Table], upload_dir: Path, replace: bool) -> Path | None:
    """Replace every row in one transaction, then the pictures, then commit."""
    with db.engine.connect() as conn:
        with conn.begin() as transaction:
            filled = tables_with_data(conn)
            if filled and not replace:
                raise RestoreRefused(f"The database holds data ({', '.join(filled[:5])}…); nothing restored.")
            for table in reversed(tables):
                conn.execute(table.delete())
            for table in tables:
                _insert_rows(conn, table, unpack.rows_of(staging, table))
            _reset_sequences(conn, tables)
            store = blob_store.store()
            if store.backend != "local":
                transaction.commit()
                _put_uploads(staging / archive.UPLOADS_FOLDER, store)
                return None
            aside = _swap_uploads(staging / archive.UPLOADS_FOLDER, upload_dir)
            try:
                transaction.commit()
            except Exception:
                _unswap_uploads(upload_dir, aside)
                raise
    return aside


def _put_uploads(staged: Path, store) -> None:
    """Object storage: write the archive's pictures into the bucket. Objects already there stay
    (names are random keys, so none is overwritten by a different picture)."""
    if not staged.is_dir():
        return
    for path in sorted(staged.rglob("*")):
        if path.is_file() and not path.is_symlink():
            store.put(path.relative_to(staged).as_posix(), path.read_bytes(), "image/webp")


def _insert_rows(conn: Connection, table: Table, rows) -> None:
    if _self_references(table):
        rows = _parents_first(table, list(rows))
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.execute(table.insert(), batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _parents_first(table: Table, rows: list[dict]) -> list[dict]:
    """Order a self-referencing table (a locality's parent, a sub-category's group) parents first."""
    refs, key = _self_references(table), list(table.primary_key.columns)[0].name
    placed: set = set()
    ordered: list[dict] = []
    while rows:
        ready = [row for row in rows if all(row[ref] is None or row[ref] in placed or row[ref] == row[key]
                                            for ref in refs)]
        if not ready:
            raise ArchiveError(f"{table.name}: rows refer to missing rows or to each other in a loop.")
        ordered += ready
        placed.update(row[key] for row in ready)
        rows = [row for row in rows if row[key] not in placed]
    return ordered


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id of each table follows the restored ones (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    quote = conn.dialect.identifier_preparer.quote
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        column = quote(keys[0].name)
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({column}), 1), "
                          f"MAX({column}) IS NOT NULL) FROM {quote(table.name)}"),
                     {"table": table.name, "column": keys[0].name})


def _swap_uploads(staged: Path, upload_dir: Path) -> Path | None:
    """Move the archive's pictures in; files already there are moved aside, never deleted."""
    upload_dir.mkdir(parents=True, exist_ok=True)
    existing = sorted(upload_dir.iterdir())
    aside = None
    if existing:
        aside = upload_dir.with_name(f"{upload_dir.name}.before-restore-{utcnow():%Y%m%d-%H%M%S}")
        aside.mkdir()
        for entry in existing:
            shutil.move(entry, aside / entry.name)
    if staged.is_dir():
        for entry in sorted(staged.iterdir()):
            shutil.move(entry, upload_dir / entry.name)
    return aside


def _unswap_uploads(upload_dir: Path, aside: Path | None) -> None:
    for entry in upload_dir.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if aside is not None:
        for entry in aside.iterdir():
            shutil.move(entry, upload_dir / entry.name)
        aside.rmdir()


def _rebuild_search() -> int | None:
    """Rebuild the index from the restored rows (what `search reindex` does); None if one is running."""
    from ..search import reindex
    from ..search.store import RebuildInProgress

    try:
        return reindex()["indexed"]
    except RebuildInProgress:
        return None


@click.command("restore")
@click.argument("archive_path", metavar="ARCHIVE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data (asks first).")
@click.option("--yes", is_flag=True, help="With --force: do not ask.")
def restore_command(archive_path: Path, force: bool, yes: bool):
    """Restore a backup archive into the configured (empty, migrated) database and upload folder."""
    try:
        check_database_migrated()
    except RestoreRefused as error:
        raise click.ClickException(str(error)) from None
    filled = tables_with_data()
    if filled and not force:
        raise click.ClickException(
            f"The database holds data ({', '.join(filled[:5])}…). Restore into an empty database "
            "(`init-db` only), or pass --force to replace everything.")
    if filled and not yes:
        click.confirm(f"Delete every row of {db.engine.url.render_as_string(hide_password=True)} and "
                      "replace it and the upload folder with the archive?", abort=True)
    try:
        report = restore_backup(archive_path, replace=bool(filled))
    except (ArchiveError, RestoreRefused) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {report.rows} rows and {report.files} upload files.")
    if report.indexed is None:
        click.echo("Another search reindex was running: run `flask --app wsgi search reindex` once it ends.")
    else:
        click.echo(f"Search index rebuilt ({report.indexed} products).")
    if report.moved_aside is not None:
        click.echo(f"Files that were in the upload folder are now in {report.moved_aside}.")
