"""perf: a covering index for the catalog's facet and card statements

The catalog page filters the published products of approved producers (joined by producer,
sometimes by category, alcohol by abv) and reads only their id, category, price and dates:
the facet counts scan every such product and the cards sort them by publication date or
price. With this index SQLite reads them from the index alone ("USING COVERING INDEX")
instead of the table by `ix_products_status`; PostgreSQL uses it for the producer join
(index-only scan). Measured in bench/README.md ("Cache-off speed pass 3").

Revision ID: perf_0002
Revises: perf_0001
"""
from alembic import op

revision = "perf_0002"
down_revision = "perf_0001"
branch_labels = None
depends_on = None

COLUMNS = ["status", "producer_id", "category_id", "abv", "price", "published_at", "created_at"]


def upgrade():
    op.create_index("ix_products_listing", "products", COLUMNS)


def downgrade():
    op.drop_index("ix_products_listing", table_name="products")
