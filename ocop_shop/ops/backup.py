"""`flask --app wsgi backup DIR`: one archive with a consistent snapshot of the database and the uploads.

The dump is logical (JSON lines per table, see `archive.py`), so an archive made on SQLite
restores into PostgreSQL and back. Every table is read in one read-only transaction
(PostgreSQL: REPEATABLE READ; SQLite: one explicit read transaction), so rows agree with
each other. The upload folder is copied after that snapshot; pictures are written once
under a new random key and never changed, so a picture added meanwhile is an unused
extra and only one deleted during the backup can be missing.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterator

import click
from flask import current_app
from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from .. import blob_store
from ..extensions import db
from ..types import utcnow
from . import archive


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    rows: int
    files: int


def make_backup(target_dir: Path) -> BackupReport:
    """Write `ocop-backup-<UTC time>.tar.gz` into an existing folder; return where and how big."""
    if not target_dir.is_dir():
        raise archive.ArchiveError(f"{target_dir} is not an existing folder.")
    final = target_dir / f"ocop-backup-{utcnow():%Y%m%d-%H%M%S}.tar.gz"
    if final.exists():
        raise archive.ArchiveError(f"{final} exists already; try again in a second.")
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".ocop-backup-") as work:
        part = Path(work) / "archive.tar.gz.part"  # mkdtemp is private (0700): the dump holds personal data
        manifest = _write_archive(part, Path(work))
        os.chmod(part, 0o600)
        os.replace(part, final)
    rows = sum(table["rows"] for table in manifest["tables"])
    return BackupReport(final, final.stat().st_size, rows, len(manifest["uploads"]))


def _write_archive(part: Path, work: Path) -> dict:
    manifest = _dump_database(db.engine, work)
    with tarfile.open(part, "w:gz") as tar:
        for table in manifest["tables"]:
            tar.add(work / table["member"], arcname=table["member"], recursive=False)
        manifest["uploads"] = _add_uploads(tar, blob_store.store())
        _add_bytes(tar, archive.MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    return manifest


def _dump_database(engine: Engine, work: Path) -> dict:
    """Write every table to work/db/<table>.jsonl in one snapshot; return the manifest so far."""
    (work / archive.DB_FOLDER).mkdir()
    with snapshot(engine) as conn:
        heads = archive.database_heads(conn)
        if heads != archive.code_heads():  # the dump follows this code's tables
            raise archive.ArchiveError(f"The database is at schema revisions {sorted(heads) or 'none'}, this code "
                                       f"at {sorted(archive.code_heads())}: run `flask --app wsgi init-db` first.")
        tables = [_dump_table(conn, table, work) for table in db.metadata.sorted_tables]
    return {"format": archive.FORMAT, "app": "ocop-shop", "app_version": _app_version(),
            "alembic_heads": sorted(heads), "created_at": utcnow().isoformat(), "engine": engine.dialect.name,
            "tables": tables}


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose every SELECT sees the same committed state of the database."""
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            with conn.begin():
                yield conn
            return
        # pysqlite opens no transaction for SELECTs: open one, so all reads share one snapshot.
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def _dump_table(conn: Connection, table, work: Path) -> dict:
    member = archive.table_member(table)
    order = list(table.primary_key.columns) or list(table.columns)
    rows = 0
    with (work / member).open("w", encoding="utf-8") as out:
        for row in conn.execute(select(table).order_by(*order)).mappings():
            out.write(archive.dumps(archive.encode_row(table, row)) + "\n")
            rows += 1
    return {"name": table.name, "member": member, "rows": rows, "sha256": archive.sha256_of(work / member)}


def _add_uploads(tar: tarfile.TarFile, store) -> dict[str, str]:
    """Add every stored upload (local folder or bucket); return {relative path: sha256}."""
    added: dict[str, str] = {}
    for name in store.names():
        data = store.get(name)
        if data is None:  # deleted after the snapshot was read (see the module docstring)
            continue
        _add_bytes(tar, f"{archive.UPLOADS_FOLDER}/{name}", data)
        added[name] = hashlib.sha256(data).hexdigest()
    return added


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(utcnow().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _app_version() -> str:
    try:
        return version("ocop-shop")
    except PackageNotFoundError:
        return "unknown"


@click.command("backup")
@click.argument("directory", type=click.Path(path_type=Path))
def backup_command(directory: Path):
    """Write a backup archive (database rows, uploads, manifest) into an existing folder."""
    try:
        report = make_backup(directory)
    except archive.ArchiveError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written: {report.path} ({report.size:,} bytes; {report.rows} rows, "
               f"{report.files} upload files).")
