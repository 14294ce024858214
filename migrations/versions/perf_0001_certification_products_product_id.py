"""perf: index certification_products by product

The link table's primary key is (certification_id, product_id), so "the certificates of this
product" (each card's badge, the home page's and the catalog's star ordering, a correlated
subquery per product) scanned the whole table. Home page at 1,000 products: the featured
statement 20 ms → 1.6 ms in SQLite (bench/README.md).

Revision ID: perf_0001
Revises: 0002_producer_photos
"""
from alembic import op

revision = "perf_0001"
down_revision = "0002_producer_photos"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_certification_products_product_id", "certification_products", ["product_id"])


def downgrade():
    op.drop_index("ix_certification_products_product_id", table_name="certification_products")
