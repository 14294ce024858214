"""fairs: one producer per booth at a fair

Revision ID: fairs_0001
Revises: promotions_0001
Create Date: 2026-12-03 08:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'fairs_0001'
down_revision = 'promotions_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('fair_participants', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_fair_participants_booth', ['fair_id', 'booth'])


def downgrade():
    with op.batch_alter_table('fair_participants', schema=None) as batch_op:
        batch_op.drop_constraint('uq_fair_participants_booth', type_='unique')
