"""PostgreSQL backend: what the table holds (checks, tests and the benchmark's query-mix rule)."""
from __future__ import annotations

from sqlalchemy import text

from .analysis import QueryWord
from .backend import connection
from .pg_match import build, condition
from .pg_vocabulary import Vocabulary


def indexed_ids() -> set[int]:
    return set(connection().scalars(text("SELECT product_id FROM search_documents")))


def indexed_document(product_id: int) -> dict | None:
    """The stored card of one product, shaped like the Whoosh backend's stored fields."""
    card = connection().scalar(text("SELECT card FROM search_documents WHERE product_id = :id"), {"id": product_id})
    return None if card is None else {"id": str(product_id), "card": card}


def word_share(word: str) -> float:
    """Share of the documents holding the word in any form it is looked up under (0–1)."""
    conn = connection()
    total = conn.scalar(text("SELECT count(*) FROM search_documents")) or 0
    if not total:
        return 0.0
    params: dict = {}
    where = condition(build(Vocabulary(conn), [QueryWord(word)], fuzzy=False, prefix_last=False), params)
    return (conn.scalar(text(f"SELECT count(*) FROM search_documents d WHERE {where}"), params) or 0) / total
