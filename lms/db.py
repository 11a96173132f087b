"""The database of one app: an engine and a session factory, and one session per request."""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

ModelT = TypeVar("ModelT")


class Database:
    """Engine and session factory for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_database_engine(url)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    def dispose(self) -> None:
        self.engine.dispose()


def create_database_engine(url: str) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout so writers queue."""
    is_sqlite = url.startswith("sqlite")
    options: dict[str, Any] = {"pool_pre_ping": not is_sqlite}
    engine = create_engine(url, **options)
    if is_sqlite:
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def get_database() -> Database:
    """Return the current app's academy database."""
    from lms.extension import get_academy

    return get_academy(current_app).database


def get_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "lms_session" not in g:
        g.lms_session = get_database().sessionmaker()
    session: Session = g.lms_session
    return session


def close_session(_exception: BaseException | None = None) -> None:
    """Close the request's session; anything not committed is rolled back."""
    session: Session | None = g.pop("lms_session", None)
    if session is not None:
        session.close()


def get_or_404(session: Session, model: type[ModelT], ident: Any) -> ModelT:
    """Load ``model`` by primary key, or answer 404."""
    instance = session.get(model, ident)
    if instance is None:
        abort(404)
    return instance


def alembic_config(url: str) -> Any:
    """Alembic configuration for the academy's migrations, wherever the package is installed."""
    from importlib.resources import files

    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("lms.migrations")))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_schema(database: Database, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (the latest by default)."""
    from alembic import command

    with database.engine.begin() as connection:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade_schema(database: Database, revision: str) -> None:
    """Undo migrations down to ``revision`` ("base" removes every academy table)."""
    from alembic import command

    with database.engine.begin() as connection:
        config = alembic_config(database.url)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
