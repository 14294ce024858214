"""`flask backup DIR` and `flask restore ARCHIVE`: a logical snapshot that restores exactly, on either engine."""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text

from config import TestConfig
from ocop_shop import create_app
from ocop_shop.catalog.reminders import send_reminders
from ocop_shop.extensions import db
from ocop_shop.ops import archive
from ocop_shop.ops.backup import snapshot
from ocop_shop.places.models import Locality
from ocop_shop.producers.notifications import notify
from ocop_shop.timeutil import local_today

from .conftest import PG_URL, FreshContextClient, _migrate, _truncate_all
from .factories import Factories


# --- helpers --------------------------------------------------------------------------------

def _shop(factories, make_user):
    """A small shop touching most tables: pictures, certificates, an order, a booking, reminders."""
    commune = factories.locality(name="Xã Thông Nông")
    _child_before_parent()
    producer = factories.producer(name="HTX Rượu ngô Cải Vân", locality=commune, lat=22.81234567, lon=105.98765432,
                                  ocop_training_on=local_today(), women_led=True)
    make_user(role="producer", producer=producer, email="chu@test.example")
    corn = factories.product(producer=producer, name="Rượu ngô Cải Vân – chai 500 ml", category="do-uong",
                             abv=29.5, stars=3, issued_on=local_today() - timedelta(days=1036))
    tea = factories.product(name="Trà Kolia – hộp 100 g", stars=4)
    factories.product_image(corn)
    factories.product_image(tea, colour=(20, 120, 60))
    factories.order((tea, 2))
    factories.booking()
    notify(producer, "producer_approved")
    send_reminders()
    db.session.commit()
    return corn, tea


def _child_before_parent() -> None:
    """A locality whose parent has a LARGER id, so a naive insert by id would break its foreign key."""
    child = Locality(slug="xom-moi", name="Xóm Mới", kind="village", lat=22.8, lon=106.0,
                     content={"vi": {"description": "Mô tả"}})
    db.session.add(child)
    db.session.flush()
    new_parent = Locality(slug="xa-moi", name="Xã Mới", kind="commune", lat=22.9, lon=106.1,
                          content={"vi": {"description": "Mô tả"}})
    db.session.add(new_parent)
    db.session.flush()
    child.parent_id = new_parent.id
    db.session.flush()


def _all_rows() -> dict[str, list[tuple]]:
    """Every row of every table, typed by SQLAlchemy, in primary-key order."""
    with db.engine.connect() as conn:
        return {table.name: [tuple(row) for row in conn.execute(
                    select(table).order_by(*(list(table.primary_key.columns) or list(table.columns))))]
                for table in db.metadata.sorted_tables}


def _files(folder: Path) -> dict[str, str]:
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _uploads() -> Path:
    from flask import current_app

    return Path(current_app.config["UPLOAD_DIR"])


def _backup(app, folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    result = app.test_cli_runner().invoke(args=["backup", str(folder)])
    assert result.exit_code == 0, result.output
    [made] = folder.glob("ocop-backup-*.tar.gz")
    assert result.output.startswith(f"Backup written: {made} (")
    return made


def _restore(app, archive_path: Path, *options, input=None):
    db.session.remove()
    result = app.test_cli_runner().invoke(args=["restore", str(archive_path), *options], input=input)
    db.session.expire_all()
    return result


@contextmanager
def _sqlite_app(tmp: Path, migrated: bool = True):
    """A second app on a new SQLite file, migrated as `init-db` does, with its own folders."""
    tmp.mkdir()
    other = create_app(TestConfig(f"sqlite:///{tmp / 'other.sqlite3'}", tmp))
    other.test_client_class = FreshContextClient
    if migrated:
        _migrate(other)
    with other.app_context():
        yield other
        db.session.remove()
        db.engine.dispose()


@contextmanager
def _empty_target(app, tmp: Path):
    """A fresh database to restore into: a new SQLite file, or the emptied PostgreSQL test database."""
    if PG_URL:
        _truncate_all()
        shutil.rmtree(_uploads(), ignore_errors=True)
        yield app
        return
    with _sqlite_app(tmp) as other:
        yield other


def _repack(source: Path, target: Path, change=None, extra: list[tarfile.TarInfo] | None = None) -> Path:
    """Copy an archive member by member, letting `change(name, data)` rewrite contents."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            data = change(member.name, data) if change else data
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
        for info in extra or []:
            new.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    return target


def _manifest(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        return json.loads(tar.extractfile(archive.MANIFEST).read())


# --- backup -------------------------------------------------------------------------------------

def test_backup_writes_one_private_archive_with_rows_uploads_and_manifest(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    made = _backup(app, tmp_path / "backups")
    assert os.stat(made).st_mode & 0o777 == 0o600  # it holds personal data
    assert [p.name for p in made.parent.iterdir()] == [made.name]  # no temporary file left behind
    manifest = _manifest(made)
    assert set(manifest["alembic_heads"]) == archive.code_heads()
    counts = {t["name"]: t["rows"] for t in manifest["tables"]}
    assert [t["name"] for t in manifest["tables"]] == [t.name for t in db.metadata.sorted_tables]
    assert counts["products"] == 3 and counts["orders"] == 1 and counts["certificate_reminders"] == 1
    assert set(manifest["uploads"]) == set(_files(_uploads())) and len(manifest["uploads"]) >= 2
    with tarfile.open(made, "r:gz") as tar:
        names = tar.getnames()
    assert not any(name.startswith("search") for name in names)  # the index is rebuilt, not backed up
    assert names[-1] == archive.MANIFEST


def test_backup_refuses_a_folder_that_does_not_exist(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "missing")])
    assert result.exit_code != 0 and "is not an existing folder" in result.output
    assert not (tmp_path / "missing").exists()


def test_backup_refuses_a_database_that_was_not_migrated(app, tmp_path):
    with _sqlite_app(tmp_path / "bare", migrated=False) as bare:
        (tmp_path / "backups").mkdir()
        result = bare.test_cli_runner().invoke(args=["backup", str(tmp_path / "backups")])
    assert result.exit_code != 0 and "run `flask --app wsgi init-db` first" in result.output
    assert list((tmp_path / "backups").iterdir()) == []


def test_the_snapshot_does_not_see_writes_committed_while_it_reads(app, factories):
    factories.locality()
    db.session.commit()
    count = select(db.func.count()).select_from(Locality.__table__)
    with snapshot(db.engine) as reading:
        before = reading.scalar(count)
        with db.engine.begin() as writer:
            writer.execute(insert(Locality.__table__).values(
                slug="xa-sau", name="Xã Sau", kind="commune", content={}))
        assert reading.scalar(count) == before
    with db.engine.connect() as conn:
        assert conn.scalar(count) == before + 1


# --- round trips -------------------------------------------------------------------------------

def test_restore_gives_back_every_row_every_picture_and_a_working_search(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    rows, files = _all_rows(), _files(_uploads())
    made = _backup(app, tmp_path / "backups")
    with _empty_target(app, tmp_path / "target") as target:
        assert _all_rows() != rows
        result = _restore(target, made)
        assert result.exit_code == 0, result.output
        assert "Search index rebuilt (3 products)." in result.output
        assert _all_rows() == rows
        assert _files(_uploads()) == files
        page = target.test_client().get("/vi/search?q=tra kolia").get_data(as_text=True)  # typed without accents
        assert "Trà Kolia – hộp 100 g" in page
        _new_rows_get_new_ids(factories, max(row[0] for row in rows["products"]))


def _new_rows_get_new_ids(factories, last_product_id: int) -> None:
    """After a restore the id sequences follow the restored rows (PostgreSQL's setval)."""
    product = factories.product(name="Sản phẩm sau khi khôi phục")
    db.session.commit()
    assert product.id > last_product_id


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_postgresql_backup_restores_into_sqlite(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    rows, files = _all_rows(), _files(_uploads())
    made = _backup(app, tmp_path / "backups")
    assert _manifest(made)["engine"] == "postgresql"
    with _sqlite_app(tmp_path / "sqlite") as target:
        result = _restore(target, made)
        assert result.exit_code == 0, result.output
        assert _all_rows() == rows and _files(_uploads()) == files


@pytest.mark.skipif(not PG_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_sqlite_backup_restores_into_postgresql(app, tmp_path):
    with _sqlite_app(tmp_path / "sqlite") as source:
        factories = Factories()
        _shop(factories, factories.user)
        rows, files = _all_rows(), _files(_uploads())
        made = _backup(source, tmp_path / "backups")
    assert _manifest(made)["engine"] == "sqlite"
    result = _restore(app, made)
    assert result.exit_code == 0, result.output
    assert _all_rows() == rows and _files(_uploads()) == files
    _new_rows_get_new_ids(Factories(), max(r[0] for r in rows["products"]))


# --- refusals ------------------------------------------------------------------------------------

def test_restore_refuses_a_database_that_holds_data(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    made = _backup(app, tmp_path / "backups")
    factories.product(name="Thêm sau sao lưu")
    db.session.commit()
    rows = _all_rows()
    result = _restore(app, made)
    assert result.exit_code != 0 and "The database holds data" in result.output and "--force" in result.output
    assert _all_rows() == rows
    result = _restore(app, made, "--force", input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
    assert _all_rows() == rows


def test_restore_with_force_replaces_everything_and_keeps_old_pictures_aside(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    rows, files = _all_rows(), _files(_uploads())
    made = _backup(app, tmp_path / "backups")
    factories.product_image(factories.product(name="Thêm sau sao lưu"), colour=(200, 10, 10))
    db.session.commit()
    result = _restore(app, made, "--force", "--yes")
    assert result.exit_code == 0, result.output
    assert _all_rows() == rows and _files(_uploads()) == files
    [aside] = _uploads().parent.glob("uploads.before-restore-*")
    assert len(_files(aside)) > len(files)


def test_restore_refuses_an_archive_from_other_schema_revisions(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    made = _backup(app, tmp_path / "backups")

    def older(name, data):
        if name != archive.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["alembic_heads"] = ["0002_producer_photos"]
        return json.dumps(manifest).encode()

    tampered = _repack(made, tmp_path / "older.tar.gz", older)
    with _empty_target(app, tmp_path / "target") as target:
        before = _all_rows()
        result = _restore(target, tampered)
        assert result.exit_code != 0
        assert "The archive was made at schema revisions ['0002_producer_photos']" in result.output
        assert _all_rows() == before and _files(_uploads()) == {}


def test_restore_refuses_a_database_that_was_not_migrated(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    made = _backup(app, tmp_path / "backups")
    with _sqlite_app(tmp_path / "bare", migrated=False) as target:
        result = _restore(target, made)
        assert result.exit_code != 0 and "run `flask --app wsgi init-db` first" in result.output


def _changed_row(name, data):
    if name != "db/products.jsonl":
        return data
    return data.replace("Rượu ngô Cải Vân".encode(), "Rượu giả mạo".encode())


def _wrong_type_with_good_checksum(source: Path, target: Path) -> Path:
    """A crafted archive: a price as text, and the manifest's checksum updated to match."""
    changed: dict[str, bytes] = {}

    def craft(name, data):
        if name == "db/products.jsonl":
            rows = [json.loads(line) for line in data.decode().splitlines()]
            rows[0]["price"] = "free"
            changed[name] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
            return changed[name]
        if name == archive.MANIFEST:
            manifest = json.loads(data)
            for table in manifest["tables"]:
                if table["name"] == "products":
                    table["sha256"] = hashlib.sha256(changed["db/products.jsonl"]).hexdigest()
            return json.dumps(manifest).encode()
        return data

    return _repack(source, target, craft)


def _truncated(source: Path, target: Path) -> Path:
    target.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return target


def _member(name: str, kind=tarfile.REGTYPE, linkname: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, linkname, (1 if kind == tarfile.REGTYPE else 0)
    return info


@pytest.mark.parametrize("make_bad, message", [
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", _changed_row), "checksum mismatch"),
    (lambda src, tmp: _wrong_type_with_good_checksum(src, tmp / "bad.tar.gz"), "products.price holds a value of the wrong type"),
    (lambda src, tmp: _truncated(src, tmp / "bad.tar.gz"), "damaged or truncated"),
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", extra=[_member("../escaped.txt")]), "outside its folder"),
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", extra=[_member("/tmp/ocop-absolute.txt")]), "outside its folder"),
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", extra=[_member("uploads/../../escaped.txt")]), "outside its folder"),
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", extra=[_member("uploads/ab/link", tarfile.SYMTYPE, "/etc/passwd")]),
     "link or special file"),
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", extra=[_member("uploads/ab/hard", tarfile.LNKTYPE, "manifest.json")]),
     "link or special file"),
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", extra=[_member("uploads/unlisted.webp")]), "do not match its manifest"),
    (lambda src, tmp: _repack(src, tmp / "bad.tar.gz", extra=[_member("notes.txt")]), "unexpected file"),
], ids=["changed-row", "wrong-type", "truncated", "dot-dot", "absolute", "dot-dot-in-uploads", "symlink", "hardlink",
        "unlisted-file", "unexpected-file"])
def test_a_damaged_or_tampered_archive_is_refused_and_changes_nothing(app, factories, make_user, tmp_path,
                                                                        make_bad, message):
    _shop(factories, make_user)
    made = _backup(app, tmp_path / "backups")
    bad = make_bad(made, tmp_path)
    with _empty_target(app, tmp_path / "target") as target:
        before = _all_rows()
        result = _restore(target, bad)
        assert result.exit_code != 0 and message in result.output, result.output
        assert "Traceback" not in result.output
        assert _all_rows() == before and _files(_uploads()) == {}
        assert not (tmp_path / "escaped.txt").exists() and not Path("/tmp/ocop-absolute.txt").exists()
        assert not list(_uploads().parent.glob(".ocop-restore-*"))  # the staging folder is cleaned up


def test_rows_of_a_self_referencing_table_go_in_parents_first(app, factories, make_user, tmp_path):
    _shop(factories, make_user)
    with db.engine.connect() as conn:
        children = conn.execute(text("SELECT id, parent_id FROM localities WHERE parent_id > id")).all()
    assert children  # the shop has a child stored before its parent
    made = _backup(app, tmp_path / "backups")
    with _empty_target(app, tmp_path / "target") as target:
        assert _restore(target, made).exit_code == 0
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT id, parent_id FROM localities WHERE parent_id > id")).all() == children
