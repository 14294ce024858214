"""producers: who issued the alcohol licence (recorded by the office)

Revision ID: producers_0002
Revises: admin_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "producers_0002"
down_revision = "admin_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("producers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alcohol_licence_issuer", sa.String(length=160), nullable=True))


def downgrade():
    with op.batch_alter_table("producers", schema=None) as batch_op:
        batch_op.drop_column("alcohol_licence_issuer")
