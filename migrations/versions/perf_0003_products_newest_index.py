"""perf: the catalog's newest-first order as an index (PostgreSQL)

The catalog's default page sorts the public products by `coalesce(published_at, created_at)`
then id, both descending, and keeps 24: PostgreSQL sorted every published product for it (a
top-N over the whole table). With this index it walks the index and stops after the page.
The cards statement renders its LIMIT and OFFSET as literals (catalog/cards.py), so the plan
psycopg's prepared statement settles on (the generic plan) can use it; the index is not
partial (WHERE status = 'published') for the same reason: a generic plan cannot prove that
`status = $1` matches. SQLite is left alone: it sorts the narrow rows of ix_products_listing
(perf_0002). Measured in bench/README.md (speed pass 5, cat5).

Revision ID: perf_0003
Revises: perf_0002
"""
import sqlalchemy as sa
from alembic import op

revision = "perf_0003"
down_revision = "perf_0002"
branch_labels = None
depends_on = None

NAME = "ix_products_newest"


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(NAME, "products", [sa.text("coalesce(published_at, created_at) DESC"), sa.text("id DESC")])


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index(NAME, table_name="products")
