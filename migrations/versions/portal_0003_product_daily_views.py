"""portal: approximate product page views per day (a counter only)

Revision ID: portal_0003
Revises: portal_0002
"""
from alembic import op
import sqlalchemy as sa

revision = "portal_0003"
down_revision = "portal_0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "product_daily_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.CheckConstraint("views >= 0", name=op.f("ck_product_daily_views_views_nonneg")),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], name=op.f("fk_product_daily_views_product_id_products"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_daily_views")),
        sa.UniqueConstraint("product_id", "day", name="uq_product_daily_views_product_day"),
    )
    with op.batch_alter_table("product_daily_views", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_product_daily_views_day"), ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_product_daily_views_product_id"), ["product_id"], unique=False)


def downgrade():
    with op.batch_alter_table("product_daily_views", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_daily_views_product_id"))
        batch_op.drop_index(batch_op.f("ix_product_daily_views_day"))
    op.drop_table("product_daily_views")
