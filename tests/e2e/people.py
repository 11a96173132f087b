"""The people the browser tests sign in as, made through the services in the live server's
database."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.content.specs import CourseSpec
from lms.db import Database
from lms.models import Account, Course, Role, utcnow
from lms.services import accounts, enrolment, progress, signin, teaching
from tests.conftest import TEST_HASHER

PASSWORD = "amber kettle horizon"  # noqa: S105 (test data)


@dataclass(frozen=True)
class Person:
    """Who to sign in as: plain values that outlive the database session that made them."""

    display_name: str
    email: str
    password: str = PASSWORD


class People:
    """A trainer, an administrator and a trainee (``set_up_teaching`` gives them courses and
    progress); ``add`` makes one more person for a test of its own to change."""

    def __init__(self, database_url: str, *, secret_key: str) -> None:
        self.database_url = database_url
        self.secret_key = secret_key
        self._numbers = itertools.count(1)
        self.trainer = self.add(Role.TRAINER, name="Tomás Trainer")
        self.admin = self.add(Role.ADMIN, name="Ada Admin")
        self.trainee = self.add(Role.TRAINEE, name="Priya Trainee")

    def set_up_teaching(self, courses: list[tuple[str, CourseSpec]]) -> None:
        """Assign the trainer to every course; enrol the trainee in the first and complete its
        first lesson."""
        now = utcnow()
        with self._session() as session:
            admin, trainer, trainee = (
                self._account(session, person)
                for person in (self.admin, self.trainer, self.trainee)
            )
            for slug, _spec in courses:
                teaching.assign_trainer(
                    session, _course(session, slug), trainer, actor=admin, now=now
                )
            slug, spec = courses[0]
            course = _course(session, slug)
            enrolment.enrol(session, trainee, course, now=now)
            progress.complete_lesson(session, trainee, course, spec.lessons()[0].slug, now=now)
            session.commit()

    def add(self, *roles: Role, name: str) -> Person:
        """Create a person holding ``roles`` (trainee by default), named ``name`` and a number."""
        number = next(self._numbers)
        person = Person(display_name=f"{name} {number}", email=f"person{number}@example.org")
        with self._session() as session:
            accounts.create_account(
                session,
                email=person.email,
                display_name=person.display_name,
                password=person.password,
                roles=roles or (Role.TRAINEE,),
                hasher=TEST_HASHER,
                now=utcnow(),
            )
            session.commit()
        return person

    def reset_link(self, person: Person) -> str:
        """The path of a valid password reset link for ``person``, like the one the mail holds."""
        with self._session() as session:
            token = signin.make_reset_token(self._account(session, person), secret=self.secret_key)
        return f"/password/reset/{token}"

    @contextmanager
    def _session(self) -> Iterator[Session]:
        database = Database(self.database_url)
        try:
            with database.sessionmaker() as session:
                yield session
        finally:
            database.dispose()

    @staticmethod
    def _account(session: Session, person: Person) -> Account:
        return session.scalars(select(Account).filter_by(email=person.email)).one()


def _course(session: Session, slug: str) -> Course:
    course = enrolment.find_course(session, slug)
    assert course is not None, f"course {slug} is not in the database"
    return course
