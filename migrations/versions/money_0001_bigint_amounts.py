"""money: every đồng column is 64-bit (a line can reach 200,000,000 đ × 99 units)

On PostgreSQL the columns become BIGINT. SQLite's INTEGER already stores 64-bit values and the
models map Money to INTEGER there (ocop_shop/types.py), so nothing changes on SQLite; that also
avoids recreating tables whose children cascade on delete.

Revision ID: money_0001
Revises: orders_0002, payments_0002, plan_0001, review_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "money_0001"
# The tables come from the orders branch (orders, parcels, lines, payments, shipping), payments
# (refunds), promotions (campaigns) and the foundation's products, last altered on the portal branch.
down_revision = ("orders_0002", "payments_0002", "plan_0001", "review_0001")
branch_labels = None
depends_on = None

MONEY_COLUMNS = {
    "products": ("price",),
    "price_changes": ("price",),
    "orders": ("subtotal", "discount", "shipping", "total"),
    "fulfilments": ("goods_total", "shipping_fee", "cash_collected"),
    "order_lines": ("base_unit_price", "unit_discount", "unit_price"),
    "payments": ("amount", "amount_refunded"),
    "refund_requests": ("amount",),
    "refunds": ("amount",),
    "campaigns": ("discount_value",),
    "shipping_zones": ("free_over", "extra_per_kg"),
    "shipping_rates": ("fee",),
}


def _retype(new, old):
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, columns in MONEY_COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=new, existing_type=old)


def upgrade():
    _retype(sa.BigInteger(), sa.Integer())


def downgrade():
    _retype(sa.Integer(), sa.BigInteger())
