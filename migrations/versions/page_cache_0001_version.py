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
    table = op.create_table('page_cache_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_cache_versions'))
    )
    op.bulk_insert(table, [{'id': 1, 'version': 0}])


def downgrade():
    op.drop_table('page_cache_versions')
