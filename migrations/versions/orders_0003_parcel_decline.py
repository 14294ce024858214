"""orders: why a parcel alone was cancelled (declined by its producer, or not accepted in time) and the producer's reason

Revision ID: orders_0003
Revises: money_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "orders_0003"
down_revision = "money_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("fulfilments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancel_reason", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("cancel_note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("fulfilments", schema=None) as batch_op:
        batch_op.drop_column("cancel_note")
        batch_op.drop_column("cancel_reason")
