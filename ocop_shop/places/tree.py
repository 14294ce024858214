"""Localities form a tree (province → commune → village or sight): a place and everything under it."""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from sqlalchemy import select

from ..extensions import db
from .models import Locality


def ids_under(root_ids: Iterable[int], pairs: Iterable[tuple[int, int | None]]) -> set[int]:
    """The roots and every locality under them at any depth, from (id, parent_id) pairs."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for loc_id, parent_id in pairs:
        children[parent_id].append(loc_id)
    found: set[int] = set()
    pending = list(root_ids)
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(children.get(current, []))
    return found


def ids_under_in_db(root_ids: Iterable[int]) -> set[int]:
    """ids_under() over every locality in the database (one query)."""
    return ids_under(root_ids, db.session.execute(select(Locality.id, Locality.parent_id)).tuples())
