"""Open a backup archive safely and check it completely before anything is restored.

Every member must be a regular file (or folder) named `manifest.json`, `db/<table>.jsonl` or
`uploads/…`, with no absolute path, no `..`, no link or device; it is unpacked into a private
staging folder, then each file is compared with the SHA-256 the manifest lists and every
row is decoded against its table. A damaged, truncated or tampered archive raises
ArchiveError before the database or the upload folder is touched.
"""
from __future__ import annotations

import json
import tarfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Iterator

from sqlalchemy import Table

from . import archive
from .archive import ArchiveError

CHUNK = 1 << 20


def unpack(archive_path: Path, staging: Path) -> dict:
    """Unpack into `staging` (an empty folder), verify everything, and return the manifest."""
    try:
        with tarfile.open(archive_path, "r:gz") as tar:
            for member in tar:
                _unpack_member(tar, member, staging)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise ArchiveError(f"The archive is damaged or truncated ({error}).") from None
    manifest = _read_manifest(staging)
    _verify_files(staging, manifest)
    return manifest


def safe_member_name(member: tarfile.TarInfo) -> PurePosixPath:
    """The member's relative path, or ArchiveError for anything a backup never holds."""
    name = member.name
    path = PurePosixPath(name)
    if not (member.isfile() or member.isdir()):
        raise ArchiveError(f"The archive holds a link or special file ({name!r}); refused.")
    if name.startswith(("/", "\\")) or "\\" in name or ".." in path.parts or ":" in name or "\x00" in name:
        raise ArchiveError(f"The archive holds a path outside its folder ({name!r}); refused.")
    if path.parts and path.parts[0] == archive.UPLOADS_FOLDER:
        return path
    if member.isfile() and (name == archive.MANIFEST or (len(path.parts) == 2 and path.parts[0] == archive.DB_FOLDER)):
        return path
    if member.isdir() and name.rstrip("/") in (archive.DB_FOLDER, archive.UPLOADS_FOLDER):
        return path
    raise ArchiveError(f"The archive holds an unexpected file ({name!r}); is it an OCOP backup?")


def _unpack_member(tar: tarfile.TarFile, member: tarfile.TarInfo, staging: Path) -> None:
    relative = safe_member_name(member)
    target = (staging / relative).resolve()
    if not target.is_relative_to(staging.resolve()):
        raise ArchiveError(f"The archive holds a path outside its folder ({member.name!r}); refused.")
    if member.isdir():
        target.mkdir(parents=True, exist_ok=True)
        return
    if target.exists():
        raise ArchiveError(f"The archive holds {member.name!r} twice; refused.")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    with target.open("xb") as out:
        for block in iter(lambda: source.read(CHUNK), b""):
            out.write(block)


def _read_manifest(staging: Path) -> dict:
    path = staging / archive.MANIFEST
    if not path.is_file():
        raise ArchiveError("The archive has no manifest.json: it is incomplete or not an OCOP backup.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise ArchiveError("The archive's manifest.json is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != archive.FORMAT:
        raise ArchiveError(f"The archive is not an OCOP backup of format {archive.FORMAT}.")
    for key, kind in (("alembic_heads", list), ("tables", list), ("uploads", dict)):
        if not isinstance(manifest.get(key), kind):
            raise ArchiveError(f"The archive's manifest has no valid {key!r}.")
    return manifest


def _verify_files(staging: Path, manifest: dict) -> None:
    """Every file the manifest lists is there with its SHA-256, and nothing else is."""
    expected = {f"{archive.UPLOADS_FOLDER}/{name}": digest for name, digest in manifest["uploads"].items()}
    for table in manifest["tables"]:
        if not isinstance(table, dict) or not isinstance(table.get("name"), str):
            raise ArchiveError("The archive's manifest lists a table badly.")
        expected[archive.table_member_name(table["name"])] = table.get("sha256")
    found = {path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file()}
    found.discard(archive.MANIFEST)
    if found != set(expected):
        missing, extra = sorted(set(expected) - found), sorted(found - set(expected))
        raise ArchiveError(f"The archive's files do not match its manifest (missing {missing[:3]}, "
                           f"unlisted {extra[:3]}).")
    for name, digest in expected.items():
        if archive.sha256_of(staging / name) != digest:
            raise ArchiveError(f"{name} in the archive was changed or damaged (checksum mismatch).")


def check_tables(manifest: dict, tables: list[Table]) -> None:
    """The archive holds exactly this schema's tables, with the row counts it claims."""
    listed = [table["name"] for table in manifest["tables"]]
    wanted = [table.name for table in tables]
    if sorted(listed) != sorted(wanted):
        raise ArchiveError(f"The archive's tables differ from this schema's "
                           f"(only in the archive: {sorted(set(listed) - set(wanted))}, "
                           f"only here: {sorted(set(wanted) - set(listed))}).")


def rows_of(staging: Path, table: Table) -> Iterator[dict]:
    """The decoded rows of one table, in the archive's order; ArchiveError on any bad line."""
    path = staging / archive.table_member(table)
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                data = json.loads(line)
            except ValueError:
                raise ArchiveError(f"{path.name} line {number} is not valid JSON.") from None
            try:
                yield archive.decode_row(table, data)
            except ArchiveError as error:
                raise ArchiveError(f"{path.name} line {number}: {error}") from None


def validate_rows(staging: Path, manifest: dict, tables: list[Table]) -> int:
    """Decode every row once before writing anything; return how many there are."""
    counts = {table["name"]: table.get("rows") for table in manifest["tables"]}
    total = 0
    for table in tables:
        rows = sum(1 for _ in rows_of(staging, table))
        if rows != counts[table.name]:
            raise ArchiveError(f"{table.name}: {rows} rows in the archive, the manifest says {counts[table.name]}.")
        total += rows
    return total
