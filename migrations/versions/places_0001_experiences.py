"""places: experiences (OCOP group 6) and booking requests

Revision ID: places_0001
Revises: 0002_producer_photos
"""
from alembic import op
import sqlalchemy as sa

import ocop_shop.types

revision = "places_0001"
down_revision = "0002_producer_photos"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('booking_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('producer_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('party_size', sa.Integer(), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('access_token', sa.String(length=64), nullable=False),
    sa.Column('is_sample', sa.Boolean(), nullable=False),
    sa.Column('created_at', ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('decided_at', ocop_shop.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('new', 'accepted', 'declined', 'cancelled')", name=op.f('ck_booking_requests_status')),
    sa.CheckConstraint('party_size > 0', name=op.f('ck_booking_requests_party_size_positive')),
    sa.ForeignKeyConstraint(['producer_id'], ['producers.id'], name=op.f('fk_booking_requests_producer_id_producers')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_booking_requests_product_id_products')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_booking_requests_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_requests'))
    )
    with op.batch_alter_table('booking_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_requests_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_requests_producer_id'), ['producer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_requests_product_id'), ['product_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_requests_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_requests_user_id'), ['user_id'], unique=False)

    op.create_table('experiences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('max_party', sa.Integer(), nullable=False),
    sa.Column('updated_at', ocop_shop.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('max_party > 0', name=op.f('ck_experiences_max_party_positive')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_experiences_product_id_products'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experiences')),
    sa.UniqueConstraint('product_id', name=op.f('uq_experiences_product_id'))
    )


def downgrade():
    op.drop_table('experiences')
    with op.batch_alter_table('booking_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_requests_user_id'))
        batch_op.drop_index(batch_op.f('ix_booking_requests_status'))
        batch_op.drop_index(batch_op.f('ix_booking_requests_product_id'))
        batch_op.drop_index(batch_op.f('ix_booking_requests_producer_id'))
        batch_op.drop_index(batch_op.f('ix_booking_requests_created_at'))

    op.drop_table('booking_requests')
