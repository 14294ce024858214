"""search outbox: one row per product change to apply to the search index

Revision ID: search_0001
Revises: 0002_producer_photos
Create Date: 2026-11-29 16:20:00

"""
from alembic import op
import sqlalchemy as sa

import ocop_shop.types


# revision identifiers, used by Alembic.
revision = 'search_0001'
down_revision = '0002_producer_photos'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_outbox_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('created_at', ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox_rows')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('search_outbox_rows', schema=None) as batch_op:
        batch_op.create_index('ix_search_outbox_rows_product_id', ['product_id'], unique=False)


def downgrade():
    with op.batch_alter_table('search_outbox_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_search_outbox_rows_product_id')

    op.drop_table('search_outbox_rows')
