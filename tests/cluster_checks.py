"""What must hold in the database after servers took orders (tests/test_two_servers.py, bench/load.py).

Plain SQL on an SQLAlchemy engine, so a test or a benchmark can ask while the servers still run.
- `incomplete_orders`: orders missing lines or parcels, whose sums disagree, or without an address.
- `negative_stock`: products below zero (the CHECK constraint forbids it: asked all the same).
- `units_held()` then `unaccounted_units(before)`: every unit that left stock since the snapshot
  is on a line of an order (and parcel) that is not cancelled, and the other way round.
"""
from __future__ import annotations

from sqlalchemy import text

ORDER_FACTS = """
SELECT o.number, o.subtotal, o.discount, o.shipping, o.total, o.contact_name, o.phone, o.street, o.ward_name,
  (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) AS lines,
  (SELECT COUNT(*) FROM fulfilments f WHERE f.order_id = o.id) AS parcels,
  (SELECT COALESCE(SUM(l.base_unit_price * l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id) AS base,
  (SELECT COALESCE(SUM(l.unit_price * l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id) AS goods,
  (SELECT COALESCE(SUM(f.goods_total), 0) FROM fulfilments f WHERE f.order_id = o.id) AS parcel_goods,
  (SELECT COALESCE(SUM(f.shipping_fee), 0) FROM fulfilments f WHERE f.order_id = o.id) AS parcel_shipping,
  (SELECT COUNT(*) FROM order_lines l JOIN fulfilments f ON f.id = l.fulfilment_id
     WHERE l.order_id = o.id AND f.order_id <> o.id) AS stray_lines
FROM orders o
"""

HELD = """
SELECT p.id, p.stock, COALESCE(SUM(l.quantity) FILTER (WHERE o.status <> 'cancelled' AND f.status <> 'cancelled'), 0)
FROM products p
LEFT JOIN order_lines l ON l.product_id = p.id
LEFT JOIN orders o ON o.id = l.order_id
LEFT JOIN fulfilments f ON f.id = l.fulfilment_id
GROUP BY p.id, p.stock
"""


def _complete(row) -> bool:
    return (row.lines > 0 and row.parcels > 0 and row.stray_lines == 0 and row.base == row.subtotal
            and row.parcel_goods == row.goods and row.parcel_shipping == row.shipping
            and row.total == row.subtotal - row.discount + row.shipping
            and all((row.contact_name, row.phone, row.street, row.ward_name)))


def incomplete_orders(engine, numbers: list[str] | None = None) -> list[str]:
    """Numbers of orders (all, or those given) that are not complete; a given number not found counts."""
    with engine.connect() as conn:
        rows = {row.number: row for row in conn.execute(text(ORDER_FACTS))}
    wanted = rows if numbers is None else numbers
    return [number for number in wanted if number not in rows or not _complete(rows[number])]


def negative_stock(engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(text("SELECT id FROM products WHERE stock < 0")))


def units_held(engine) -> dict[int, tuple[int, int]]:
    """Product id → (units in stock, units on live order lines)."""
    with engine.connect() as conn:
        return {row[0]: (row[1], row[2]) for row in conn.execute(text(HELD))}


def unaccounted_units(engine, before: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Product id → units that left stock (or came back) without a live order line to match, since `before`."""
    after = units_held(engine)
    gaps = {}
    for product_id, (stock, held) in after.items():
        old_stock, old_held = before.get(product_id, (stock, 0))
        gap = (old_stock - stock) - (held - old_held)
        if gap:
            gaps[product_id] = gap
    return gaps
