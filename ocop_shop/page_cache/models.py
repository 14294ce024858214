"""The page cache's version stamp when there is no Redis: one row every worker and machine reads."""
from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

STAMP_ID = 1


class PageCacheVersion(db.Model):
    """One row (id 1): bumped after every commit that changes what public pages show."""

    __tablename__ = "page_cache_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)
