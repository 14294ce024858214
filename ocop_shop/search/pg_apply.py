"""PostgreSQL backend: applying outbox rows into search_documents, and rebuilding it.

The table lives in the shared database, so a row applied by any app server or worker is
seen by every server at once. Order of work in one transaction (STYLE.md, "Search sync
after commit"):
1. a shared advisory lock (a reindex holds it exclusively: appliers then leave their rows);
2. outbox rows locked FOR UPDATE SKIP LOCKED (two appliers never take the same row);
3. one advisory lock per product, in id order, BEFORE the product is read: whoever writes a
   product's row next reads it after this transaction commits, so an older version is never
   written over a newer one;
4. documents upserted or deleted, word counts adjusted, the rows deleted, one commit.
"""
from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from whoosh.index import LockError

from .documents import count_public_products, is_public, iter_public_products, load_products
from .pg_documents import row_for
from .store import RebuildInProgress

LOCK_SPACE_REBUILD, LOCK_SPACE_PRODUCT = 5301, 5302
LOCK_TIMEOUT = "2s"
BATCH = 500

UPSERT = text("""
INSERT INTO search_documents (product_id, name_len, body_len, price, newest, sale_until, adult, grp, subcategory,
    locality, parent_locality, producer, cert_stars, cert_from, cert_until, words, names, exact_tsv, card)
VALUES (:product_id, :name_len, :body_len, :price, :newest, :sale_until, :adult, :grp, :subcategory, :locality,
    :parent_locality, :producer, CAST(:cert_stars AS int[]), CAST(:cert_from AS int[]), CAST(:cert_until AS int[]),
    CAST(:words AS tsvector), array_to_tsvector(CAST(:name_words AS text[])),
    array_to_tsvector(CAST(:exact_words AS text[])), CAST(:card AS jsonb))
ON CONFLICT (product_id) DO UPDATE SET name_len = EXCLUDED.name_len, body_len = EXCLUDED.body_len,
    price = EXCLUDED.price, newest = EXCLUDED.newest, sale_until = EXCLUDED.sale_until, adult = EXCLUDED.adult,
    grp = EXCLUDED.grp, subcategory = EXCLUDED.subcategory, locality = EXCLUDED.locality,
    parent_locality = EXCLUDED.parent_locality, producer = EXCLUDED.producer, cert_stars = EXCLUDED.cert_stars,
    cert_from = EXCLUDED.cert_from, cert_until = EXCLUDED.cert_until, words = EXCLUDED.words,
    names = EXCLUDED.names, exact_tsv = EXCLUDED.exact_tsv, card = EXCLUDED.card""")
# reindex: a document already holding the same values is left as it is (no new row version: a table
# rebuilt in place by DELETE + INSERT stayed twice its size, and every search read all its pages).
_COLUMNS = ("name_len", "body_len", "price", "newest", "sale_until", "adult", "grp", "subcategory", "locality",
            "parent_locality", "producer", "cert_stars", "cert_from", "cert_until", "words", "names", "exact_tsv",
            "card")
UPSERT_CHANGED = text(f"{UPSERT.text} WHERE ({', '.join(f'search_documents.{c}' for c in _COLUMNS)}) "
                      f"IS DISTINCT FROM ({', '.join(f'EXCLUDED.{c}' for c in _COLUMNS)})")

_COUNT_WORD = text("""
INSERT INTO search_words (word, name_docs, body_docs) VALUES (:word, GREATEST(:n, 0), GREATEST(:b, 0))
ON CONFLICT (word) DO UPDATE SET name_docs = GREATEST(search_words.name_docs + :n, 0),
    body_docs = GREATEST(search_words.body_docs + :b, 0)""")

DOCUMENT_COUNT = ""  # the search_words row counting the documents themselves (never a word)

# A document's name words and body words: its `words` entries weighted A and B.
FIELD_WORDS = ("SELECT array(SELECT lexeme FROM unnest(words) AS w WHERE 'A' = ANY(w.weights)), "
               "array(SELECT lexeme FROM unnest(words) AS w WHERE 'B' = ANY(w.weights))")

_RECOUNT_WORDS = text("""
INSERT INTO search_words (word, name_docs, body_docs)
SELECT '', count(*), 0 FROM search_documents
UNION ALL SELECT w.lexeme, count(*) FILTER (WHERE 'A' = ANY(w.weights)), count(*) FILTER (WHERE 'B' = ANY(w.weights))
FROM search_documents d, unnest(d.words) AS w
GROUP BY w.lexeme""")


def table_exists(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.scalar(text("SELECT to_regclass('search_documents') IS NOT NULL")))


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        return not conn.scalar(text("SELECT EXISTS (SELECT 1 FROM search_documents)"))


def apply_outbox(engine: Engine, product_ids: Iterable[int] | None = None, limit: int = 100_000) -> int:
    """Apply pending rows (all, or those of some products); return how many were applied."""
    ids = sorted(set(product_ids)) if product_ids is not None else None
    chunks = [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)] if ids is not None else [None]
    applied = 0
    for chunk in chunks:
        while applied < limit:
            n = _apply_batch(engine, chunk, min(BATCH, limit - applied))
            applied += n
            if n < BATCH:
                break
    return applied


def _apply_batch(engine: Engine, product_ids: list[int] | None, limit: int) -> int:
    try:
        with engine.begin() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
            if not conn.scalar(text("SELECT pg_try_advisory_xact_lock_shared(:s, 0)"), {"s": LOCK_SPACE_REBUILD}):
                raise RebuildInProgress()
            return apply_rows(conn, product_ids, limit)
    except OperationalError as error:
        if getattr(error.orig, "sqlstate", None) == "55P03":  # lock_not_available
            raise LockError("the search table is busy") from None
        raise


def apply_rows(conn: Connection, product_ids: list[int] | None, limit: int) -> int:
    """One batch inside the caller's transaction: lock rows and products, write, delete the rows."""
    where = "WHERE product_id = ANY(:ids)" if product_ids is not None else ""
    rows = conn.execute(text(f"SELECT id, product_id FROM search_outbox_rows {where} ORDER BY id "
                             "LIMIT :limit FOR UPDATE SKIP LOCKED"), {"ids": product_ids, "limit": limit}).all()
    if not rows:
        return 0
    wanted = sorted({pid for _id, pid in rows})
    conn.execute(text("SELECT pg_advisory_xact_lock(:s, pid) FROM "
                      "(SELECT pid FROM unnest(CAST(:ids AS int[])) AS pid ORDER BY pid OFFSET 0) AS ordered"),
                 {"s": LOCK_SPACE_PRODUCT, "ids": wanted})
    with Session(bind=conn) as session:
        products = load_products(session, wanted)
        fresh = [row_for(products[pid]) for pid in wanted if is_public(products.get(pid))]
    write_documents(conn, wanted, fresh)
    conn.execute(text("DELETE FROM search_outbox_rows WHERE id = ANY(:ids)"), {"ids": [r[0] for r in rows]})
    return len(rows)


def write_documents(conn: Connection, product_ids: list[int], fresh: list[dict]) -> None:
    """Replace the documents of these products by `fresh` (absent: removed), keeping word counts."""
    old = conn.execute(text(f"{FIELD_WORDS} FROM search_documents "
                            "WHERE product_id = ANY(:ids) ORDER BY product_id FOR UPDATE"),
                       {"ids": product_ids}).all()
    name, body = Counter(), Counter()
    for names, bodies in old:
        name.subtract(names)
        body.subtract(bodies)
    for row in fresh:
        name.update(row["name_words"])
        body.update(row["body_words"])
    name[DOCUMENT_COUNT] += len(fresh) - len(old)
    gone = sorted(set(product_ids) - {row["product_id"] for row in fresh})
    if gone:
        conn.execute(text("DELETE FROM search_documents WHERE product_id = ANY(:ids)"), {"ids": gone})
    if fresh:
        conn.execute(UPSERT, fresh)
    changes = [{"word": w, "n": name[w], "b": body[w]} for w in sorted(set(name) | set(body)) if name[w] or body[w]]
    if changes:
        conn.execute(_COUNT_WORD, changes)
        conn.execute(text("DELETE FROM search_words WHERE word = ANY(:words) AND name_docs = 0 AND body_docs = 0"),
                     {"words": [c["word"] for c in changes]})


def reindex(engine: Engine, progress: Callable[[int, int], None] | None = None, wait: float = 60.0) -> dict:
    """Rebuild every document in one transaction (searches read the old rows until it commits): only
    the documents that differ are written, those of products no longer public deleted; then replay
    the outbox rows written meanwhile, and vacuum both tables."""
    with engine.begin() as conn:
        conn.execute(text(f"SET LOCAL lock_timeout = '{int(wait * 1000)}ms'"))
        try:
            conn.execute(text("SELECT pg_advisory_xact_lock(:s, 0)"), {"s": LOCK_SPACE_REBUILD})
        except OperationalError:
            raise RebuildInProgress() from None
        conn.execute(text(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'"))
        conn.execute(text("DELETE FROM search_words"))
        indexed = _rewrite_documents(conn, engine, progress)
        conn.execute(_RECOUNT_WORDS)
        replayed = 0
        while True:
            n = apply_rows(conn, None, BATCH)
            replayed += n
            if n < BATCH:
                break
    # The rebuild left a dead copy of every changed row and GIN entries waiting in the indexes'
    # pending lists: searches would read both until autovacuum comes by. (Outside a transaction.)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM (ANALYZE) search_documents, search_words"))
    return {"generation": "search_documents", "indexed": indexed, "replayed": replayed}


def _rewrite_documents(conn: Connection, engine: Engine, progress: Callable[[int, int], None] | None) -> int:
    """Every public product's document written when it differs from the stored one; the documents of
    products no longer public deleted. Returns how many products are indexed."""
    gone = set(conn.scalars(text("SELECT product_id FROM search_documents")))
    indexed = 0
    with Session(engine) as session:
        total = count_public_products(session)
        for products in iter_public_products(session, BATCH):
            conn.execute(UPSERT_CHANGED, [row_for(p) for p in products])
            gone.difference_update(p.id for p in products)
            indexed += len(products)
            if progress:
                progress(len(products), total)
    conn.execute(text("DELETE FROM search_documents WHERE product_id = ANY(:ids)"), {"ids": sorted(gone)})
    return indexed
