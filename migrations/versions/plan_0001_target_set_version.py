"""plan: a version on target sets, so an edit made on a stale form is refused

Revision ID: plan_0001
Revises: promotions_0001
Create Date: 2026-12-03 07:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'plan_0001'
down_revision = 'promotions_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plan_target_sets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('plan_target_sets', schema=None) as batch_op:
        batch_op.drop_column('version')
