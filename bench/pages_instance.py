"""A throw-away shop instance for bench/pages_bench.py: migrated, demo seed, generated products, index.

SQLite: a file in a temporary folder. PostgreSQL: `--database-url` names a server and a
database the script may connect to; the bench creates `<that name>_pagesbench` beside it
(dropped first if a previous run left it, and again at the end), so the given database itself
is never touched.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.fortunes import database_url
from bench.serving import ROOT, free_env

PRODUCTS = 1000
ADD_PRODUCTS = """
from ocop_shop import create_app
from ocop_shop.extensions import db
from tests.search_data import add_products
with create_app().app_context():
    add_products({count}, seed=2026, producers=40)
    db.session.commit()
"""


class Instance:
    def __init__(self, folder: Path, pg_url: str | None) -> None:
        self.folder = folder
        self.pg_url = pg_url
        if pg_url:
            self.url = str(make_url(database_url(pg_url)).set(
                database=make_url(pg_url).database + "_pagesbench").render_as_string(hide_password=False))
        else:
            self.url = f"sqlite:///{folder / 'ocop.sqlite3'}"
        self.fortunes_url = self.url if pg_url else f"sqlite:///{folder / 'fortunes.sqlite3'}"

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.pg_url else "SQLite"

    def env(self, **extra: str) -> dict:
        return free_env(OCOP_INSTANCE_DIR=str(self.folder), OCOP_ENV="development", DATABASE_URL=self.url,
                        FORTUNES_DATABASE_URL=self.fortunes_url, JOBS_BACKEND="inline",
                        RATELIMIT_ENABLED="off", PYTHONPATH=str(ROOT), **extra)

    def prepare(self) -> None:
        """Migrate, seed the demo, add the generated products, build the search index."""
        if self.pg_url:
            self._admin(f'DROP DATABASE IF EXISTS "{self._name()}" WITH (FORCE)', f'CREATE DATABASE "{self._name()}"')
        flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
        self._run(flask + ["init-db"])
        self._run(flask + ["seed-demo"])
        self._run([sys.executable, "-c", ADD_PRODUCTS.format(count=PRODUCTS)])
        self._run(flask + ["search", "reindex"])
        from bench.fortunes import prepare

        prepare(self.fortunes_url)
        if self.pg_url:
            self._analyze()

    def drop(self) -> None:
        if self.pg_url:
            self._admin(f'DROP DATABASE IF EXISTS "{self._name()}" WITH (FORCE)')

    def _analyze(self) -> None:
        """Planner statistics for the freshly loaded tables, as autovacuum gives a real server
        (off on some development servers: then every plan guessed one row per table, e.g. 6 ms
        instead of 0.7 for the related products)."""
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("ANALYZE"))
        engine.dispose()

    def _name(self) -> str:
        return make_url(self.url).database

    def _admin(self, *statements: str) -> None:
        engine = create_engine(database_url(self.pg_url), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(command, cwd=ROOT, env=self.env(), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command[:4])} failed:\n{done.stdout}\n{done.stderr}")
