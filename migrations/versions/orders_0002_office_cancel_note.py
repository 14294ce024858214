"""orders: the reason the office gave when it cancelled an order on the buyer's behalf

Revision ID: orders_0002
Revises: admin_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "orders_0002"
down_revision = "admin_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("cancel_note")
