"""portal: member invitations and producer notifications

Revision ID: portal_0001
Revises: 0002_producer_photos
"""
from alembic import op
import sqlalchemy as sa

import ocop_shop.types

revision = "portal_0001"
down_revision = "0002_producer_photos"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["accepted_by_id"], ["users.id"], name=op.f("fk_member_invitations_accepted_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["invited_by_id"], ["users.id"], name=op.f("fk_member_invitations_invited_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["producer_id"], ["producers.id"], name=op.f("fk_member_invitations_producer_id_producers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_member_invitations_token_hash")),
    )
    with op.batch_alter_table("member_invitations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_invitations_producer_id"), ["producer_id"], unique=False)

    op.create_table(
        "producer_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["producer_id"], ["producers.id"], name=op.f("fk_producer_notifications_producer_id_producers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_producer_notifications")),
    )
    with op.batch_alter_table("producer_notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_producer_notifications_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_producer_notifications_producer_id"), ["producer_id"], unique=False)


def downgrade():
    with op.batch_alter_table("producer_notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_producer_notifications_producer_id"))
        batch_op.drop_index(batch_op.f("ix_producer_notifications_created_at"))
    op.drop_table("producer_notifications")
    with op.batch_alter_table("member_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_invitations_producer_id"))
    op.drop_table("member_invitations")
