"""certificates: renewal reminders sent (one per certificate, producer and threshold)

Revision ID: certificates_0001
Revises: 0002_producer_photos
"""
from alembic import op
import sqlalchemy as sa

import ocop_shop.types

revision = "certificates_0001"
down_revision = "0002_producer_photos"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "certificate_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certification_id", sa.Integer(), nullable=False),
        sa.Column("producer_id", sa.Integer(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("created_at", ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("threshold IN (90, 30)", name=op.f("ck_certificate_reminders_threshold")),
        sa.ForeignKeyConstraint(["certification_id"], ["certifications.id"],
                                name=op.f("fk_certificate_reminders_certification_id_certifications"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["producer_id"], ["producers.id"],
                                name=op.f("fk_certificate_reminders_producer_id_producers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certificate_reminders")),
        sa.UniqueConstraint("certification_id", "producer_id", "threshold",
                            name="uq_certificate_reminders_certification_producer_threshold"),
    )
    with op.batch_alter_table("certificate_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_reminders_producer_id"), ["producer_id"], unique=False)


def downgrade():
    with op.batch_alter_table("certificate_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_reminders_producer_id"))
    op.drop_table("certificate_reminders")
