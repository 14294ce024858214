"""The search outbox: one row per product change, written in the change's own transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..types import UTCDateTime, utcnow


class SearchOutboxRow(db.Model):
    """A product whose search document must be rebuilt (or removed) from the database.

    No foreign key: a deleted product still needs its document removed.
    """

    __tablename__ = "search_outbox_rows"
    # AUTOINCREMENT on SQLite: an id is never handed out twice, even after its row is deleted.
    __table_args__ = (Index("ix_search_outbox_rows_product_id", "product_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
