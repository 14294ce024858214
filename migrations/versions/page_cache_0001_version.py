"""page cache version stamp (one row)

Revision ID: page_cache_0001
Revises: 0002_producer_photos
Create Date: 2026-12-03 14:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'page_cache_0001'
down_revision = '0002_producer_photos'
branch_labels = None
depends_on = None


def upgrade():
    # No row yet: the first bump inserts it (one upsert), so a new database holds no data.
    op.create_table('page_cache_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_cache_versions'))
    )


def downgrade():
    op.drop_table('page_cache_versions')
