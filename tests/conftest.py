"""Shared fixtures: a real database (SQLite, or PostgreSQL via LMS_TEST_DATABASE_URL), the app,
factories that go through the services, and a signed-in client."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from lms import create_app
from lms.content.glossary import GlossarySpec
from lms.content.pathway_loader import load_pathways
from lms.content.pathway_sync import sync_pathway
from lms.content.pathways import PathwaySpec
from lms.content.questions import parse_spec
from lms.content.quizzes import BankEntry, CourseQuizzes, QuizSpec
from lms.content.roleplays import AnyRoleplaySpec
from lms.content.roleplays import parse_spec as parse_roleplay_spec
from lms.content.specs import CourseSpec
from lms.content.sync import sync_course
from lms.db import Database
from lms.models import Account, Attempt, Base, Course, Pathway, Quiz, Role, Roleplay, utcnow
from lms.services import (
    accounts,
    attempts,
    enrolment,
    glossary,
    question_bank,
    quizzes,
    roleplays,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PASSWORD = "correct horse battery"  # noqa: S105 (test data)
# Real Argon2id, at a cost low enough for hundreds of accounts per run.
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database, with the models' schema created once per run.

    Migrations are tested on their own (tests/test_migrations.py) against a database of their own.
    """
    url = os.environ.get("LMS_TEST_DATABASE_URL") or "sqlite:///" + str(
        tmp_path_factory.mktemp("db") / "lms-test.sqlite3"
    )
    database = Database(url)
    with database.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(
                text(
                    f"DROP TABLE IF EXISTS {table.name} CASCADE"
                    if connection.dialect.name == "postgresql"
                    else f"DROP TABLE IF EXISTS {table.name}"
                )
            )
        connection.execute(text("DROP TABLE IF EXISTS lms_alembic_version"))
    Base.metadata.create_all(database.engine)
    database.dispose()
    return url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """The test database, emptied after each test."""
    database = Database(database_url)
    yield database
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(table.name for table in Base.metadata.sorted_tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
    database.dispose()


@pytest.fixture
def db_session(database: Database) -> Iterator[Session]:
    """A session for service tests (no Flask involved); the test commits what it wants kept."""
    with database.sessionmaker() as session:
        yield session


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    return {
        "LMS_ENV": "testing",
        "LMS_SECRET_KEY": "test-secret-key-not-for-production",
        "LMS_DATABASE_URL": database_url,
        "LMS_MAIL_OUTBOX": str(tmp_path / "outbox"),
        "LMS_COURSES_PATH": str(REPO_ROOT / "courses"),
        "LMS_ARGON2_TIME_COST": TEST_HASHER.time_cost,
        "LMS_ARGON2_MEMORY_COST": TEST_HASHER.memory_cost,
        "LMS_ARGON2_PARALLELISM": TEST_HASHER.parallelism,
    }


@pytest.fixture
def app(app_config: dict[str, Any], database: Database) -> Iterator[Flask]:
    app = create_app(app_config)
    yield app
    app.extensions["broker_academy"].database.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


_account_numbers = iter(range(1, 10_000_000))


def make_account_in(
    session: Session,
    *roles: Role,
    email: str | None = None,
    display_name: str | None = None,
    password: str = DEFAULT_PASSWORD,
) -> Account:
    """Create an account through the service and commit it; roles default to trainee."""
    number = next(_account_numbers)
    account = accounts.create_account(
        session,
        email=email or f"person{number}@example.org",
        display_name=display_name or f"Person {number}",
        password=password,
        roles=roles or (Role.TRAINEE,),
        hasher=TEST_HASHER,
        now=utcnow(),
    )
    session.commit()
    return account


@pytest.fixture
def make_account(db_session: Session) -> Callable[..., Account]:
    """``make_account(*roles, email=..., display_name=..., password=...)`` in the test database."""

    def make(*roles: Role, **details: Any) -> Account:
        return make_account_in(db_session, *roles, **details)

    return make


def course_spec(
    *,
    title: str = "Negotiation basics",
    modules: int = 2,
    lessons_per_module: int = 2,
    version: str = "1.0",
) -> CourseSpec:
    """A valid course spec with inline lesson bodies."""
    return CourseSpec.model_validate(
        {
            "title": title,
            "summary": f"About {title.lower()}.",
            "version": version,
            "modules": [
                {
                    "slug": f"module-{m}",
                    "title": f"Module {m}",
                    "lessons": [
                        {
                            "slug": f"lesson-{m}-{n}",
                            "title": f"Lesson {m}.{n}",
                            "body": f"Lesson {m}.{n} teaches **something**.",
                        }
                        for n in range(1, lessons_per_module + 1)
                    ],
                }
                for m in range(1, modules + 1)
            ],
        }
    )


@pytest.fixture
def make_course(db_session: Session) -> Callable[..., Course]:
    """Import a course through the content sync, committed."""
    counter = iter(range(1, 100_000))

    def make(slug: str | None = None, *, now: datetime | None = None, **spec: Any) -> Course:
        course = sync_course(
            db_session, slug or f"course-{next(counter)}", course_spec(**spec), now=now or utcnow()
        ).course
        db_session.commit()
        return course

    return make


@pytest.fixture
def make_quiz(db_session: Session, make_course: Callable[..., Course]) -> Callable[..., Quiz]:
    """Put ``questions`` (spec dicts) into a course's bank and a quiz over them, committed.

    ``settings`` are quiz file fields (mode, attempts, time_limit_minutes, review...). Questions
    without an ``id`` get ``q1``, ``q2``... in the order given; the quiz asks them all, in order.
    Quizzes made earlier in the same course stay, as if all were in its folder.
    """
    folders: dict[int, CourseQuizzes] = {}

    def make(
        *,
        course: Course | None = None,
        questions: Sequence[dict[str, Any]],
        slug: str = "check",
        category: str = "Checks",
        **settings: Any,
    ) -> Quiz:
        course = course or make_course()
        entries = []
        for number, data in enumerate(questions, start=1):
            data = {"id": f"q{number}", **data}
            spec = parse_spec(data)
            entries.append(BankEntry(data["id"], category, spec, Path("bank.yaml"), number))
        quiz_spec = QuizSpec.model_validate(
            {
                "title": settings.pop("title", "Check your understanding"),
                "questions": [{"question": entry.key} for entry in entries],
                **settings,
            }
        )
        earlier = folders.get(course.id, CourseQuizzes([], {}))
        content = CourseQuizzes(
            bank=[entry for entry in earlier.bank if entry.key not in {e.key for e in entries}]
            + entries,
            quizzes={**earlier.quizzes, slug: quiz_spec},
        )
        folders[course.id] = content
        question_bank.sync_quizzes(db_session, course, content, now=utcnow())
        db_session.commit()
        quiz = quizzes.find_quiz(db_session, course, slug)
        assert quiz is not None
        return quiz

    return make


@pytest.fixture
def make_roleplay(
    db_session: Session, make_course: Callable[..., Course]
) -> Callable[..., Roleplay]:
    """Put a role-play (a file's dict, see tests/roleplay_specs.py) into a course, committed.

    Role-plays made earlier in the same course stay, as if all were in its folder.
    """
    folders: dict[int, dict[str, AnyRoleplaySpec]] = {}

    def make(
        spec: dict[str, Any], *, course: Course | None = None, slug: str = "exercise"
    ) -> Roleplay:
        course = course or make_course()
        folder = folders.setdefault(course.id, {})
        folder[slug] = parse_roleplay_spec(spec)
        roleplays.sync_roleplays(db_session, course, folder, now=utcnow())
        db_session.commit()
        return db_session.scalars(
            select(Roleplay).where(Roleplay.course_id == course.id, Roleplay.slug == slug)
        ).one()

    return make


@pytest.fixture
def make_glossary(db_session: Session, make_course: Callable[..., Course]) -> Callable[..., Course]:
    """Make a course's glossary the terms given (dicts as in tests/glossary_specs.py), committed;
    returns the course."""

    def make(terms: Sequence[dict[str, Any]], *, course: Course | None = None) -> Course:
        course = course or make_course()
        spec = GlossarySpec.model_validate({"terms": list(terms)})
        glossary.sync_terms(db_session, course, spec)
        db_session.commit()
        return course

    return make


@functools.cache
def shipped_pathway() -> tuple[str, PathwaySpec]:
    """The shipped pathway's slug and spec, loaded (with every course it names) once per run."""
    [(slug, spec)] = load_pathways(REPO_ROOT / "courses")
    return slug, spec


@pytest.fixture
def make_pathway(db_session: Session) -> Callable[..., Pathway]:
    """Sync a pathway spec (the shipped pathway when none is given) and return it, committed."""

    def make(
        spec: PathwaySpec | None = None, *, slug: str | None = None, now: datetime | None = None
    ) -> Pathway:
        if spec is None:
            shipped_slug, spec = shipped_pathway()
            slug = slug or shipped_slug
        result = sync_pathway(db_session, slug or "pathway", spec, now=now or utcnow())
        db_session.commit()
        return result.pathway

    return make


def start_attempt(session: Session, quiz: Quiz, trainee: Account, *, now: datetime) -> Attempt:
    """Enrol ``trainee`` in the quiz's course, as taking a quiz requires, and start an attempt."""
    enrolment.enrol(session, trainee, quiz.course, now=now)
    return quizzes.start_attempt(session, quiz, trainee=trainee, now=now)


def take_quiz(
    session: Session,
    quiz: Quiz,
    trainee: Account,
    answers: Mapping[int, Mapping[str, str]],
    *,
    now: datetime | None = None,
    submit: bool = True,
) -> Attempt:
    """Start an attempt, answer it (position -> form fields) and submit it, all through the
    services, committed."""
    now = now or utcnow()
    attempt = start_attempt(session, quiz, trainee, now=now)
    values = {}
    for position, fields in answers.items():
        values[f"q{position}-shown"] = ["1"]
        values |= {f"q{position}-{name}": [value] for name, value in fields.items()}
    attempts.save_page(session, attempt, page=0, values=values, now=now)
    if submit:
        quizzes.submit_attempt(session, attempt, now=now)
    session.commit()
    return attempt


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/courses") -> str:
    """Read the CSRF token a real browser would get from a page."""
    match = CSRF_META.search(client.get(page).get_data(as_text=True))
    assert match, "page carries no CSRF token"
    return match.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    """POST like a browser does: with the CSRF token the site handed out."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)


def sign_in(client: FlaskClient, account: Account, password: str = DEFAULT_PASSWORD) -> None:
    response = post_form(client, "/login", {"email": account.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def signed_in_client(client: FlaskClient) -> Callable[[Account], FlaskClient]:
    def sign(account: Account) -> FlaskClient:
        sign_in(client, account)
        return client

    return sign


class QueryCounter:
    """Counts SQL statements sent through an engine while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """Use as ``with count_queries() as counter:``; counts statements of the app's engine."""
    from contextlib import contextmanager

    engine = app.extensions["broker_academy"].database.engine

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (for migrations and host apps): a SQLite file, or a new
    PostgreSQL database beside the test one when LMS_TEST_DATABASE_URL points at PostgreSQL."""
    base_url = os.environ.get("LMS_TEST_DATABASE_URL")
    if not base_url or not base_url.startswith("postgresql"):
        yield "sqlite:///" + str(tmp_path / "fresh.sqlite3")
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"lms_fresh_{os.getpid()}_{next(_fresh_numbers)}"
    server = create_engine(
        make_url(base_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


_fresh_numbers = iter(range(1, 1_000_000))


def outbox_messages(app: Flask) -> list[EmailMessage]:
    """The mail the app has sent to its outbox folder, oldest first."""
    outbox = Path(app.config["LMS_MAIL_OUTBOX"])
    files = sorted(outbox.glob("*.eml")) if outbox.exists() else []
    return [message_from_bytes(path.read_bytes(), policy=policy.default) for path in files]
