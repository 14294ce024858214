"""The index follows committed changes only: outbox, after-commit apply, sync, reindex, processes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from ocop_shop import search
from ocop_shop.catalog import services as catalog
from ocop_shop.catalog.models import Product
from ocop_shop.extensions import db
from ocop_shop.producers.models import Producer
from ocop_shop.search import Filters, outbox
from ocop_shop.search.models import SearchOutboxRow
from ocop_shop.search.store import IndexStore

from .factories import Factories
from .search_fixtures import (  # noqa: F401
    catalog_app, catalog_client, first_name, mark_written_elsewhere, product_named, search_catalog)

ROOT = Path(__file__).resolve().parent.parent
KNIFE = "Dao rèn Phúc Sen – dao thái"
CHESTNUT = "Hạt dẻ Trùng Khánh"


def rows_in_this_transaction() -> int:
    return db.session.scalar(select(func.count(SearchOutboxRow.id)))


def assert_index_matches_database() -> None:
    """Every public product is indexed under its current name; nothing else is."""
    db.session.expire_all()
    products = db.session.scalars(select(Product).options(joinedload(Product.producer))).all()
    public = {p.id: p.content["vi"]["name"] for p in products
              if p.status == "published" and p.producer.status == "approved"}
    assert search.indexed_ids() == set(public)
    for pid, name in public.items():
        assert search.indexed_document(pid)["card"]["names"]["vi"] == name


def run_workers(app, tmp_path, product_ids, workers=3, rounds=5):
    """Start writer processes on the same database and index; wait for them; return their new ids."""
    mark_written_elsewhere()
    url = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    procs = [subprocess.Popen([sys.executable, "-m", "tests.search_worker", url, str(tmp_path), str(w), str(rounds),
                               *map(str, product_ids)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for w in range(workers)]
    created = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-2000:]
        created += [int(x) for x in out.split()]
    return created


def test_unpublished_product_vanishes_after_commit(catalog_app):
    knife = product_named(KNIFE)
    assert knife.id in search.search("dao phuc sen").product_ids  # a warm searcher…
    catalog.unpublish(knife)
    db.session.commit()
    assert knife.id not in search.search("dao phuc sen").product_ids  # …sees the commit, no restart
    assert search.pending() == 0


def test_suspended_producer_and_archived_products_leave_the_index(catalog_app):
    chestnut = product_named(CHESTNUT)
    producer = db.session.get(Producer, chestnut.producer_id)
    producer.status = "suspended"
    db.session.commit()
    assert chestnut.id not in search.search("hat de").product_ids
    producer.status = "approved"
    db.session.commit()
    assert first_name("hat de").startswith(CHESTNUT)
    catalog.archive(chestnut)
    db.session.commit()
    assert chestnut.id not in search.indexed_ids()


def test_a_rolled_back_edit_changes_nothing(catalog_app):
    chestnut = product_named(CHESTNUT)
    chestnut.content = {**chestnut.content, "vi": {**chestnut.content["vi"], "name": "Hạt dổi đổi tên"}}
    db.session.flush()
    assert rows_in_this_transaction() == 1  # written in the same transaction…
    db.session.rollback()
    assert search.pending() == 0  # …so the rollback took it away
    assert search.indexed_document(chestnut.id)["card"]["names"]["vi"].startswith(CHESTNUT)
    assert first_name("hat de").startswith(CHESTNUT)


def test_new_products_and_renames_are_found_after_commit(catalog_app):
    factories = Factories()  # on the catalog's database (the `factories` fixture makes its own app)
    new = factories.product("Mắc khén rang muối Phja Oắc", category="hat-qua")
    db.session.commit()
    assert first_name("mac khen rang muoi phja oac") == "Mắc khén rang muối Phja Oắc"
    catalog.update_product(new, content={"vi": {"name": "Hạt mắc khén Phja Oắc"}})
    db.session.commit()
    assert first_name("hat mac khen phja oac") == "Hạt mắc khén Phja Oắc"
    assert search.indexed_document(new.id)["card"]["names"]["vi"] == "Hạt mắc khén Phja Oắc"
    assert new.id not in search.search("rang muoi", per_page=2000).product_ids


def test_certificates_change_the_star_facet_not_findability(catalog_app):
    factories = Factories()
    chestnut = product_named(CHESTNUT)  # the seed gives it no certificate (not confirmed as OCOP)
    assert chestnut.id not in search.search("hat de", filters=Filters(stars=3)).product_ids
    cert = factories.certification(chestnut, stars=4)  # issued 100 days ago: valid today
    db.session.commit()
    assert chestnut.id in search.search("hat de", filters=Filters(stars=4)).product_ids
    cert.revoked = True
    cert.revoked_reason = "Thử nghiệm"
    db.session.commit()
    assert chestnut.id not in search.search("hat de", filters=Filters(stars=3)).product_ids
    assert chestnut.id in search.search("hat de").product_ids  # still findable, without a badge


def test_bulk_updates_write_rows_too_but_stock_does_not(catalog_app):
    knife = product_named(KNIFE)
    db.session.execute(update(Product).where(Product.id == knife.id).values(stock=3))
    assert rows_in_this_transaction() == 0
    db.session.execute(update(Product).where(Product.id == knife.id).values(status="archived"))
    assert rows_in_this_transaction() == 1
    db.session.commit()
    assert knife.id not in search.indexed_ids()


def test_a_busy_index_leaves_the_change_for_search_sync(catalog_app, monkeypatch):
    monkeypatch.setattr(outbox, "LOCK_TIMEOUT", 0.1)
    store = outbox.store_for()
    holder = store.open(store.current_name()).writer()  # another process is writing
    try:
        knife = product_named(KNIFE)
        catalog.unpublish(knife)
        db.session.commit()  # the commit succeeds; the index stays busy
    finally:
        holder.cancel()
    assert search.pending() == 1 and knife.id in search.indexed_ids()
    result = catalog_app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0 and "Applied 1 change" in result.output
    assert knife.id not in search.indexed_ids() and search.pending() == 0


def test_a_worker_that_dies_while_applying_loses_nothing(catalog_app, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(outbox, "load_products", crash)
    knife = product_named(KNIFE)
    catalog.unpublish(knife)
    db.session.commit()  # the request still succeeds
    assert search.pending() == 1
    monkeypatch.undo()
    assert search.sync() == 1
    assert knife.id not in search.indexed_ids()


def test_several_processes_writing_at_once_lose_no_update(catalog_app, tmp_path):
    ids = [product_named(name).id for name in (CHESTNUT, KNIFE)]
    db.session.commit()
    created = run_workers(catalog_app, tmp_path, ids, workers=3, rounds=3)
    assert len(created) == 9
    search.sync()  # whatever a lock wait left behind
    assert search.pending() == 0
    assert_index_matches_database()


def test_reindex_during_writes_loses_none(catalog_app, tmp_path):
    ids = [product_named(name).id for name in (CHESTNUT, KNIFE)]
    knife = product_named(KNIFE)
    catalog.unpublish(knife)  # a change the rebuild must not resurrect
    db.session.commit()
    writers_done = []

    def progress(done, total):
        if not writers_done:  # while the new generation is half built, other processes commit
            writers_done.append(run_workers(catalog_app, tmp_path, ids, workers=2, rounds=1))

    before = outbox.store_for().current_name()
    report = search.reindex(progress=progress)
    assert report["generation"] != before == before
    assert report["replayed"] == 2 * (len(ids) + 1)  # every row written meanwhile, replayed
    assert search.pending() == 0  # no `search sync` needed
    assert_index_matches_database()


def test_cli_reindex_shows_progress_and_swaps_atomically(catalog_app):
    store = outbox.store_for()
    first = store.current_name()
    assert first_name("hat de").startswith(CHESTNUT)  # a warm searcher on the old generation
    result = catalog_app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexing products" in result.output and "Indexed 10" in result.output
    assert store.current_name() != first
    assert first_name("hat de").startswith(CHESTNUT)  # the same process switched generations
    assert_index_matches_database()


def test_old_generations_are_removed_keeping_the_previous_one(tmp_path):
    store = IndexStore(tmp_path / "index")
    names = []
    for _ in range(4):
        name, _ix = store.new_generation()
        store.swap(name)
        names.append(name)
    store.cleanup()
    assert sorted(p.name for p in store.root.glob("gen-*")) == sorted(names[-2:])
    assert store.current_name() == names[-1]


def test_search_sync_builds_a_missing_index(app, make_product):
    chestnut = make_product("Hạt dẻ Trùng Khánh")
    db.session.commit()
    store = outbox.store_for()
    shutil.rmtree(store.root)  # a restored backup, or a new server: the database has products, no index
    assert search.search("hat de").total == 0
    result = app.test_cli_runner().invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert search.search("hat de").product_ids == [chestnut.id]
