"""Alembic environment: only the academy's ``lms_`` tables, versioned in ``lms_alembic_version``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine

from lms.models import Base
from lms.models.base import TABLE_PREFIX, UTCDateTime

VERSION_TABLE = "lms_alembic_version"
config = context.config


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave a host application's tables alone: compare and migrate ``lms_`` tables only."""
    table_name = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table_name is None or table_name.startswith(TABLE_PREFIX)


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write UTC datetimes as plain timezone-aware DateTime so revisions import nothing of ours."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        version_table=VERSION_TABLE,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
