"""portal: product revisions (changes waiting for review) and the sent-back reason

Revision ID: portal_0002
Revises: portal_0001
"""
from alembic import op
import sqlalchemy as sa

import ocop_shop.types

revision = "portal_0002"
down_revision = "portal_0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "product_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("images", sa.JSON(), nullable=False),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending_review', 'sent_back', 'approved', 'discarded')",
                           name=op.f("ck_product_revisions_status")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_product_revisions_created_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_product_revisions_product_id_products"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_revisions")),
    )
    with op.batch_alter_table("product_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_revisions_product_id"), ["product_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_product_revisions_status"), ["status"], unique=False)
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("review_note")
    with op.batch_alter_table("product_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_revisions_status"))
        batch_op.drop_index(batch_op.f("ix_product_revisions_product_id"))
    op.drop_table("product_revisions")
