"""review: when a product or a change was sent to the office's review queue

Revision ID: review_0001
Revises: admin_0001, portal_0003
"""
from alembic import op
import sqlalchemy as sa

from ocop_shop.types import UTCDateTime

revision = "review_0001"
down_revision = ("admin_0001", "portal_0003")  # its table comes from the portal branch
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("product_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submitted_at", UTCDateTime(timezone=True), nullable=True))
    # What already waits: its last change is the best known time it was sent.
    op.execute("UPDATE products SET submitted_at = updated_at WHERE status = 'pending_review'")
    op.execute("UPDATE product_revisions SET submitted_at = updated_at WHERE status = 'pending_review'")


def downgrade():
    with op.batch_alter_table("product_revisions", schema=None) as batch_op:
        batch_op.drop_column("submitted_at")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("submitted_at")
