"""Declarative base shared by every LMS table: naming convention, UTC datetimes, enums by value."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    Dialect,
    Enum,
    MetaData,
    TypeDecorator,
    inspect,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

TABLE_PREFIX = "lms_"
# The academy's migrations keep their own version table, so a host's Alembic history is untouched.
VERSION_TABLE = "lms_alembic_version"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def is_academy_schema_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Tell Alembic to compare and migrate ``lms_`` tables only, never a host's own."""
    table_name = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table_name is None or table_name.startswith(TABLE_PREFIX)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes in UTC; SQLite forgets the zone, so it is put back on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ExactDecimal(TypeDecorator[Decimal]):
    """Store marks and weights exactly, as integers of 10⁻⁷ (Moodle's precision for weights).

    SQLite has no exact decimal type and SQLAlchemy's Numeric goes through floats there, so
    grades would drift; a scaled integer is exact on every database and still sums in SQL.
    """

    impl = BigInteger
    cache_ok = True
    SCALE = Decimal("1E7")

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * self.SCALE).to_integral_value())

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(value) / self.SCALE).normalize() + 0


def enum_by_value(enum_class: type[enum.Enum], length: int = 20) -> Enum:
    """Map ``enum_class`` to a VARCHAR holding member values (readable, portable, no DB enum)."""
    return Enum(
        enum_class,
        values_callable=lambda members: [member.value for member in members],
        native_enum=False,
        length=length,
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """Base of every LMS model; tables are prefixed ``lms_`` so they sit beside a host's own."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime, Decimal: ExactDecimal}


def insert_unless_present(
    session: Session, model: type[Base], values: dict[str, Any], *, unique: Sequence[str]
) -> bool:
    """Insert a row unless one with the same ``unique`` columns exists; True if this call did.

    ``INSERT … ON CONFLICT DO NOTHING`` makes repeated and concurrent writes of the same fact
    (an enrolment, a completion) leave exactly one row, atomically and without a savepoint, on
    both SQLite and PostgreSQL.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(model)
    elif dialect == "sqlite":
        statement = sqlite.insert(model)
    else:
        raise NotImplementedError(f"no idempotent insert for the {dialect} dialect")
    # Without preserve_rowcount, SQLAlchemy reports -1 for an INSERT on psycopg.
    result: Any = session.execute(
        statement.values(**values)
        .on_conflict_do_nothing(index_elements=list(unique))
        .execution_options(preserve_rowcount=True)
    )
    return bool(result.rowcount == 1)


RowT = TypeVar("RowT", bound=Base)


def lock_row(session: Session, model: type[RowT], *criteria: ColumnElement[bool]) -> RowT:
    """Re-read the one row matching ``criteria`` under a row lock, refreshing the loaded object.

    A check of a row's state and the write that follows it then see no concurrent change: a
    second transaction waits here until the first commits, and reads what it wrote. SQLite has
    no row locks, so there a no-op write takes the database's write lock first.
    """
    if session.get_bind().dialect.name == "sqlite":
        key = inspect(model).primary_key[0]
        session.execute(
            update(model)
            .where(*criteria)
            .values({key: key})
            .execution_options(synchronize_session=False)
        )
    return session.scalars(
        select(model).where(*criteria).with_for_update().execution_options(populate_existing=True)
    ).one()
