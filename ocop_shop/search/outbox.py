"""Keeping the index in step with the database (STYLE.md, "Search sync after commit").

1. A flush that changes a product (or its producer, certificates, category or
   place) writes search outbox rows in the same transaction: a rollback leaves none.
2. After the commit, the request applies its rows (apply lock, about 2 s timeout).
   Whatever is left (lock busy, process died) is applied by `flask search sync`.
3. An applier takes the apply lock first and only then reads the rows and the
   products in a fresh transaction, so a slower process can never write an older
   version over a newer one; it deletes the rows it read after the index commit,
   before it lets the next applier in.
4. `flask search reindex` builds a new generation alone, swaps it in and replays
   every row written meanwhile (appliers leave their rows while it runs).
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable

from flask import Flask, current_app
from sqlalchemy import delete, event, insert, inspect, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, attributes
from whoosh.index import LockError

from ..catalog.models import Category, Certification, Product, certification_products
from ..extensions import db
from ..places.models import Locality
from ..producers.models import Producer
from ..types import utcnow
from .backend import on_postgres
from .documents import count_public_products, document, is_public, iter_public_products, load_products
from .models import SearchOutboxRow
from .store import IndexStore, RebuildInProgress

log = logging.getLogger(__name__)

LOCK_TIMEOUT = 2.0
BATCH = 500
_WRITTEN = "search_outbox_written"  # product ids with a row in this transaction
_TOUCHED = "search_outbox_touched"  # product ids to apply after the commit
_NEW = "search_outbox_new"          # products flushed without an id yet


def store_for(app: Flask | None = None) -> IndexStore:
    return IndexStore((app or current_app).config["SEARCH_INDEX_DIR"])


# --- 1. outbox rows in the same transaction ------------------------------------------


def _product_ids_for(session: Session, obj) -> set[int]:
    """Products whose documents show something of obj (queried without autoflush)."""
    conn = session.connection()
    if isinstance(obj, Product):
        return {obj.id} if obj.id is not None else set()
    if obj.id is None:
        return set()
    if isinstance(obj, Producer):
        return set(conn.scalars(select(Product.id).where(Product.producer_id == obj.id)))
    if isinstance(obj, Certification):
        ids = set(conn.scalars(select(certification_products.c.product_id)
                               .where(certification_products.c.certification_id == obj.id)))
        history = attributes.get_history(obj, "products", passive=attributes.PASSIVE_NO_INITIALIZE)
        for product in [*(history.added or ()), *(history.deleted or ())]:  # either may be a list or a tuple
            if product.id is not None:
                ids.add(product.id)
        return ids
    if isinstance(obj, Category):
        cats = select(Category.id).where((Category.id == obj.id) | (Category.parent_id == obj.id))
        return set(conn.scalars(select(Product.id).where(Product.category_id.in_(cats))))
    if isinstance(obj, Locality):
        places = select(Locality.id).where((Locality.id == obj.id) | (Locality.parent_id == obj.id))
        producers = select(Producer.id).where(Producer.locality_id.in_(places))
        return set(conn.scalars(select(Product.id).where(Product.producer_id.in_(producers))))
    return set()


_WATCHED = (Product, Producer, Certification, Category, Locality)


def _before_flush(session: Session, flush_context, instances) -> None:
    touched: set[int] = set()
    new_objects: list = session.info.setdefault(_NEW, [])
    with session.no_autoflush:
        for obj in session.new:
            if isinstance(obj, Product):
                new_objects.append(obj)
            elif isinstance(obj, Certification):
                history = attributes.get_history(obj, "products", passive=attributes.PASSIVE_NO_INITIALIZE)
                for product in history.added or ():
                    if product.id is None:
                        new_objects.append(product)
                    else:
                        touched.add(product.id)
        for obj in list(session.dirty) + list(session.deleted):
            if not isinstance(obj, _WATCHED):
                continue
            if obj in session.dirty and not session.is_modified(obj, include_collections=True):
                continue
            touched |= _product_ids_for(session, obj)
    session.info.setdefault(_TOUCHED, set()).update(touched)


def _after_flush(session: Session, flush_context) -> None:
    touched: set[int] = session.info.setdefault(_TOUCHED, set())
    for obj in session.info.pop(_NEW, []):
        state = inspect(obj)
        if obj.id is not None and not state.deleted and not state.detached:
            touched.add(obj.id)
    _write_rows(session)


# Columns a bulk UPDATE may set without changing any search document (stock at checkout).
_UNINDEXED = {"stock", "updated_at"}


def _bulk_statement(state) -> None:
    """Bulk UPDATE/DELETE bypasses flushes: find the products it touches before it runs."""
    if not (state.is_update or state.is_delete) or state.bind_mapper is None:
        return
    entity = state.bind_mapper.class_
    if entity not in (Product, Producer, Certification):
        return
    stmt = state.statement
    if state.is_update:
        values = getattr(stmt, "_values", None)  # private in SQLAlchemy; unknown → assume indexed
        if values is not None and {getattr(k, "key", str(k)) for k in values} <= _UNINDEXED:
            return
    session = state.session
    where = stmt.whereclause
    chosen = select(entity.id) if where is None else select(entity.id).where(where)
    if entity is Product:
        ids = set(session.scalars(chosen))
    elif entity is Producer:
        ids = set(session.scalars(select(Product.id).where(Product.producer_id.in_(chosen))))
    else:
        ids = set(session.scalars(select(certification_products.c.product_id)
                                  .where(certification_products.c.certification_id.in_(chosen))))
    if ids:
        session.info.setdefault(_TOUCHED, set()).update(ids)
        _write_rows(session)


def _write_rows(session: Session) -> None:
    touched: set[int] = session.info.setdefault(_TOUCHED, set())
    written: set[int] = session.info.setdefault(_WRITTEN, set())
    fresh = sorted(touched - written)
    if fresh:
        now = utcnow()
        session.connection().execute(
            insert(SearchOutboxRow.__table__), [{"product_id": pid, "created_at": now} for pid in fresh])
        written.update(fresh)


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    # A rolled-back savepoint may have taken rows with it: write them again if needed.
    session.info.pop(_WRITTEN, None)
    session.info.pop(_NEW, None)
    if previous_transaction.parent is None:
        session.info.pop(_TOUCHED, None)


def _after_commit(session: Session) -> None:
    touched = session.info.pop(_TOUCHED, set())
    session.info.pop(_WRITTEN, None)
    session.info.pop(_NEW, None)
    if not touched:
        return
    try:
        _apply_now(touched)
    except RebuildInProgress:
        log.info("search: a reindex is running; it will replay %d product(s)", len(touched))
    except LockError:
        log.warning("search: index busy; %d product(s) left for `flask search sync`", len(touched))
    except Exception:  # noqa: BLE001 - the commit succeeded; the outbox keeps the change
        log.exception("search: applying the outbox failed; `flask search sync` will retry")


def _apply_now(product_ids: set[int]) -> int:
    """Apply these products' rows to whichever engine runs (SEARCH_BACKEND)."""
    if on_postgres():
        from .pg_apply import apply_outbox as apply_to_table

        return apply_to_table(db.engine, product_ids=product_ids)
    return apply_outbox(store_for(), db.engine, product_ids=product_ids)


def register_listeners() -> None:
    """Listen to the app session's flushes and commits (once per process)."""
    for name, fn in (("before_flush", _before_flush), ("after_flush", _after_flush),
                     ("do_orm_execute", _bulk_statement),
                     ("after_soft_rollback", _after_soft_rollback), ("after_commit", _after_commit)):
        if not event.contains(db.session, name, fn):
            event.listen(db.session, name, fn)


# --- 2./3. applying rows ------------------------------------------------------------------


def apply_outbox(store: IndexStore, engine: Engine, product_ids: Iterable[int] | None = None,
                 limit: int = 100_000, timeout: float | None = None) -> int:
    """Apply pending rows (all, or those of some products) to the current index; return how many."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    ids = sorted(set(product_ids)) if product_ids is not None else None
    if store.ensure() is None:
        raise RebuildInProgress()
    applied = 0
    with store.applying():
        ix = store.open(store.current_name())
        chunks = [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)] if ids is not None else [None]
        for chunk in chunks:
            while applied < limit:
                n = _apply_rows(store, ix, engine, chunk, min(limit - applied, BATCH), timeout)
                applied += n
                if n < BATCH:
                    break
    return applied


def _apply_rows(store: IndexStore, ix, engine: Engine, product_ids: list[int] | None, limit: int,
                timeout: float) -> int:
    """One batch, alone: read rows and products afresh, write, commit the index, delete the rows."""
    if limit <= 0:
        return 0
    with store.writing(timeout):
        writer = ix.writer(timeout=timeout, delay=0.02)
        try:
            with Session(engine) as session:
                stmt = select(SearchOutboxRow.id, SearchOutboxRow.product_id).order_by(SearchOutboxRow.id)
                if product_ids is not None:
                    stmt = stmt.where(SearchOutboxRow.product_id.in_(product_ids))
                rows = session.execute(stmt.limit(limit)).all()
                if not rows:
                    writer.cancel()
                    return 0
                wanted = {pid for _id, pid in rows}
                products = load_products(session, wanted)
                for pid in sorted(wanted):
                    product = products.get(pid)
                    if is_public(product):
                        writer.update_document(**document(product))
                    else:
                        writer.delete_by_term("id", str(pid))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        # Still alone: nobody can have read these rows meanwhile. A crash before this
        # line only means the same products are written again later.
        with engine.begin() as conn:
            conn.execute(delete(SearchOutboxRow.__table__).where(SearchOutboxRow.id.in_([r[0] for r in rows])))
    return len(rows)


def pending_count(engine: Engine) -> int:
    from sqlalchemy import func

    with engine.connect() as conn:
        return conn.scalar(select(func.count(SearchOutboxRow.id))) or 0


# --- 4. rebuilding ------------------------------------------------------------------------


def reindex(store: IndexStore, engine: Engine,
            progress: Callable[[int, int], None] | None = None, wait: float = 60.0) -> dict:
    """Build a new generation from the database, swap it in, replay the rows written meanwhile."""
    with store.rebuilding(wait=wait):
        name, ix = store.new_generation()
        writer = ix.writer(limitmb=128)
        indexed = 0
        try:
            with Session(engine) as session:
                total = count_public_products(session)
                for rows in iter_public_products(session, BATCH):
                    for product in rows:
                        writer.add_document(**document(product))
                    indexed += len(rows)
                    if progress:
                        progress(len(rows), total)
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            raise
        store.swap(name)
        replayed = 0
        while True:  # the rows written while we built: nobody else may apply them now
            n = _apply_rows(store, ix, engine, None, BATCH, LOCK_TIMEOUT)
            replayed += n
            if n < BATCH:
                break
        store.cleanup()
    return {"generation": name, "indexed": indexed, "replayed": replayed}
