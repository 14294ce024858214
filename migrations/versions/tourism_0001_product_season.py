"""tourism: the months a product or an experience is at its best (season_from, season_to)

Revision ID: tourism_0001
Revises: promotions_0001, places_0002, review_0001
"""
from alembic import op
import sqlalchemy as sa

revision = "tourism_0001"
# The products table's branch head is review_0001; the tourism area also takes over the experiences
# table (places_0002) and sits above promotions (promotions_0001), so this revision merges all three.
down_revision = ("promotions_0001", "places_0002", "review_0001")
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("season_from", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("season_to", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            "season_months", "(season_from IS NULL AND season_to IS NULL) OR (season_from BETWEEN 1 AND 12 "
                             "AND season_to BETWEEN 1 AND 12)")


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_products_season_months"), type_="check")
        batch_op.drop_column("season_to")
        batch_op.drop_column("season_from")
