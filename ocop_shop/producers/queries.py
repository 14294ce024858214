"""Read helpers for the public producer pages: only approved producers are public."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..places.models import Locality
from .models import Producer


def _public():
    return (select(Producer).where(Producer.status == "approved")
            .options(joinedload(Producer.locality).joinedload(Locality.parent),
                     selectinload(Producer.photos)))


def public_producers() -> list[Producer]:
    """Approved producers by name, with place and photos."""
    return list(db.session.scalars(_public().order_by(Producer.name)).unique())


def public_producers_by_id(ids: Iterable[int]) -> list[Producer]:
    """Approved producers among the ids, kept in the order given."""
    ids = list(ids)
    if not ids:
        return []
    found = {p.id: p for p in db.session.scalars(_public().where(Producer.id.in_(ids))).unique()}
    return [found[i] for i in ids if i in found]


def public_producer(slug: str) -> Producer | None:
    """An approved producer by slug, with place and photos."""
    return db.session.scalar(_public().where(Producer.slug == slug))
