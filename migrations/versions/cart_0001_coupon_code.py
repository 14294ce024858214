"""cart: the coupon code a cart holds; coupon redemptions remember the signed-in buyer

Revision ID: cart_0001
Revises: promotions_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "cart_0001"
down_revision = "promotions_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("carts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("coupon_code", sa.String(length=40), nullable=True))
    with op.batch_alter_table("coupon_redemptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_coupon_redemptions_user_id_users"), "users", ["user_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_index("ix_coupon_redemptions_user", ["coupon_id", "user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("coupon_redemptions", schema=None) as batch_op:
        batch_op.drop_index("ix_coupon_redemptions_user")
        batch_op.drop_constraint(batch_op.f("fk_coupon_redemptions_user_id_users"), type_="foreignkey")
        batch_op.drop_column("user_id")
    with op.batch_alter_table("carts", schema=None) as batch_op:
        batch_op.drop_column("coupon_code")
