"""search on PostgreSQL: one row per public product (one weighted tsvector of its words, GIN
indexes) and the indexed words with their document counts (pg_trgm index for typos and suggestions).

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
    # Fixed-width columns first (cheap to reach when a query counts facets over many rows). `words`
    # holds every folded word once: name words with weight A, body words with weight B, so a query
    # is one GIN lookup; the name words alone (`names`) and the as-typed words (exact_tsv) only
    # score, never match: their indexes find the few documents a ranking must score in full.
    """CREATE TABLE search_documents (
        product_id integer PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
        name_len integer NOT NULL,
        body_len integer NOT NULL,
        price bigint NOT NULL,
        newest bigint NOT NULL,
        sale_until integer NOT NULL,
        adult boolean NOT NULL,
        grp text NOT NULL,
        subcategory text NOT NULL,
        locality text NOT NULL,
        parent_locality text NOT NULL,
        producer text NOT NULL,
        cert_stars integer[] NOT NULL,
        cert_from integer[] NOT NULL,
        cert_until integer[] NOT NULL,
        words tsvector NOT NULL,
        names tsvector NOT NULL,
        exact_tsv tsvector NOT NULL,
        card jsonb NOT NULL
    )""",
    "CREATE INDEX ix_search_documents_words ON search_documents USING gin (words)",
    "CREATE INDEX ix_search_documents_names ON search_documents USING gin (names)",
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
