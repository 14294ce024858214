"""Stock is taken with one conditional UPDATE checked by its row count.

`UPDATE products SET stock = stock - :n WHERE id = :id AND stock >= :n` is atomic on
PostgreSQL (the second writer waits for the row lock, then re-checks the condition) and
on SQLite (one writer at a time), so two buyers of the last unit can never both succeed.
"""
from __future__ import annotations

from sqlalchemy import select, update

from ..catalog.models import Product
from ..extensions import db


def take(product_id: int, quantity: int) -> bool:
    """Take quantity units if they are all there; False (nothing changed) otherwise."""
    if quantity <= 0:
        raise ValueError("quantity must be positive")
    result = db.session.execute(
        update(Product).where(Product.id == product_id, Product.stock >= quantity)
        .values(stock=Product.stock - quantity).execution_options(synchronize_session=False)
    )
    _expire(product_id)
    return result.rowcount == 1


def give_back(product_id: int, quantity: int) -> None:
    """Return units to stock (cancel, expiry, a failed order)."""
    db.session.execute(
        update(Product).where(Product.id == product_id)
        .values(stock=Product.stock + quantity).execution_options(synchronize_session=False)
    )
    _expire(product_id)


def take_all(wanted: dict[int, int]) -> int | None:
    """Take every {product_id: quantity} or none; returns the product id that fell short, else None.

    Products are updated in id order so concurrent orders lock rows in the same order.
    """
    taken: list[tuple[int, int]] = []
    for product_id in sorted(wanted):
        if not take(product_id, wanted[product_id]):
            for done_id, quantity in taken:
                give_back(done_id, quantity)
            return product_id
        taken.append((product_id, wanted[product_id]))
    return None


def available(product_id: int) -> int:
    return db.session.scalar(select(Product.stock).where(Product.id == product_id)) or 0


def _expire(product_id: int) -> None:
    product = db.session.identity_map.get(db.session.identity_key(Product, product_id))
    if product is not None:
        db.session.expire(product, ["stock"])
