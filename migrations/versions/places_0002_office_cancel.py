"""Booking requests the OCOP office cancelled keep the office's reason.

Revision ID: places_0002
Revises: admin_0001, places_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "places_0002"
down_revision = ("admin_0001", "places_0001")  # its table comes from the places branch
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("booking_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("office_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("booking_requests", schema=None) as batch_op:
        batch_op.drop_column("office_reason")
