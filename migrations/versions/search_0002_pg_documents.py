"""search on PostgreSQL: one row per public product (tsvector columns, GIN indexes) and the
indexed words with their document counts (pg_trgm index for typos and suggestions).

A no-op on SQLite: the embedded default searches with Whoosh and has no such tables.

Revision ID: search_0002
Revises: search_0001
Create Date: 2026-12-03 14:20:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'search_0002'
down_revision = 'search_0001'
branch_labels = None
depends_on = None

UPGRADE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE search_documents (
        product_id integer PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
        name_tsv tsvector NOT NULL,
        body_tsv tsvector NOT NULL,
        exact_tsv tsvector NOT NULL,
        name_len integer NOT NULL,
        body_len integer NOT NULL,
        grp text NOT NULL,
        subcategory text NOT NULL,
        locality text NOT NULL,
        parent_locality text NOT NULL,
        producer text NOT NULL,
        price bigint NOT NULL,
        newest bigint NOT NULL,
        sale_until integer NOT NULL,
        cert_stars integer[] NOT NULL,
        cert_from integer[] NOT NULL,
        cert_until integer[] NOT NULL,
        adult boolean NOT NULL,
        card jsonb NOT NULL
    )""",
    "CREATE INDEX ix_search_documents_name_tsv ON search_documents USING gin (name_tsv)",
    "CREATE INDEX ix_search_documents_body_tsv ON search_documents USING gin (body_tsv)",
    "CREATE INDEX ix_search_documents_exact_tsv ON search_documents USING gin (exact_tsv)",
    """CREATE TABLE search_words (
        word text PRIMARY KEY,
        name_docs integer NOT NULL DEFAULT 0 CHECK (name_docs >= 0),
        body_docs integer NOT NULL DEFAULT 0 CHECK (body_docs >= 0)
    )""",
    "CREATE INDEX ix_search_words_word_trgm ON search_words USING gin (word gin_trgm_ops)",
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in UPGRADE:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE IF EXISTS search_words")
    op.execute("DROP TABLE IF EXISTS search_documents")
