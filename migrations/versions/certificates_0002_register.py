"""certificates: the office's register (decision date, revocation time, renewal link)

Revision ID: certificates_0002
Revises: admin_0001
"""
from alembic import op
import sqlalchemy as sa

from ocop_shop.types import UTCDateTime

revision = "certificates_0002"
down_revision = "admin_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("certifications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decision_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("superseded_on", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_certifications_superseded_by_id"), ["superseded_by_id"])
        batch_op.create_foreign_key(batch_op.f("fk_certifications_superseded_by_id_certifications"),
                                    "certifications", ["superseded_by_id"], ["id"], ondelete="SET NULL")
        batch_op.create_check_constraint(
            "superseded_pair", "(superseded_by_id IS NULL) = (superseded_on IS NULL)")


def downgrade():
    with op.batch_alter_table("certifications", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_certifications_superseded_pair"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_certifications_superseded_by_id_certifications"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_certifications_superseded_by_id"), type_="unique")
        batch_op.drop_column("superseded_on")
        batch_op.drop_column("superseded_by_id")
        batch_op.drop_column("decision_date")
        batch_op.drop_column("revoked_at")
