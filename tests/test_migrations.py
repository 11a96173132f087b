"""Migrations: one head, the models' schema from an empty database, and a clean way back."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from lms.db import Database, alembic_config, downgrade_schema, upgrade_schema
from lms.models import Base
from lms.models.base import VERSION_TABLE, is_academy_schema_object


def test_there_is_exactly_one_head():
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1


def test_upgrade_on_an_empty_database_gives_the_models_schema(fresh_database_url):
    database = Database(fresh_database_url)
    upgrade_schema(database)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_object": is_academy_schema_object,
                "compare_type": True,
                "version_table": VERSION_TABLE,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    database.dispose()
    assert differences == []


def test_migrations_keep_their_own_version_table(fresh_database_url):
    database = Database(fresh_database_url)
    upgrade_schema(database)
    tables = set(inspect(database.engine).get_table_names())
    database.dispose()
    assert VERSION_TABLE in tables
    assert "alembic_version" not in tables


def test_downgrade_removes_every_table_and_upgrade_restores_them(fresh_database_url):
    database = Database(fresh_database_url)
    upgrade_schema(database)
    downgrade_schema(database, "base")
    assert set(inspect(database.engine).get_table_names()) <= {VERSION_TABLE}
    upgrade_schema(database)
    assert set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names())
    database.dispose()
