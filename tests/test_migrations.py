"""The migrations build a schema that matches the models, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ocop_shop.extensions import db
from ocop_shop.search.backend import POSTGRES_TABLES


def _modelled(obj, name, type_, reflected, compare_to) -> bool:
    """Everything but the PostgreSQL search backend's tables (PostgreSQL only, not ORM models)."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return table is None or table.name not in POSTGRES_TABLES


def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_object": _modelled})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
