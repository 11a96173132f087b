"""Fixtures of the assessment pages: a trainer teaching a course with a quiz, and essays to mark."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from lms.models import Account, Attempt, Course, Quiz, Role, utcnow
from lms.services import quizzes, teaching
from tests.conftest import sign_in, take_quiz

ESSAY = {
    "type": "essay",
    "name": "Reflect",
    "text": "Reflect on a **partnership** you know.",
    "default_mark": 4,
    "grader_info": "Look for *mutual benefit*.",
}
TRUE_FALSE = {"type": "true_false", "name": "Trust", "text": "Trust is built.", "answer": True}


@pytest.fixture
def trainer(make_account) -> Account:
    return make_account(Role.TRAINER, display_name="Tess Trainer")


@pytest.fixture
def admin(make_account) -> Account:
    return make_account(Role.ADMIN, display_name="Alex Admin")


@pytest.fixture
def trainee(make_account) -> Account:
    return make_account(display_name="Rosa Trainee")


@pytest.fixture
def course(db_session, make_course, trainer, admin) -> Course:
    """A course that ``trainer`` teaches."""
    taught = make_course("negotiation", title="Negotiation basics")
    teaching.assign_trainer(db_session, taught, trainer, actor=admin, now=utcnow())
    db_session.commit()
    return taught


@pytest.fixture
def quiz(make_quiz, course) -> Quiz:
    """A quiz of a true/false question (1 mark) and an essay (4 marks)."""
    return make_quiz(course=course, questions=[TRUE_FALSE, ESSAY], title="Partnering check")


@pytest.fixture
def essay_attempt(db_session, quiz, trainee) -> Attempt:
    """Rosa's finished attempt: the true/false right, the essay waiting for a mark."""
    answers = {0: {"answer": "true"}, 1: {"text": "We shared the risks.\nAnd the credit."}}
    return take_quiz(db_session, quiz, trainee, answers)


@pytest.fixture
def trainer_client(client: FlaskClient, trainer: Account) -> FlaskClient:
    sign_in(client, trainer)
    return client


def run_out_of_time(session, attempt: Attempt) -> None:
    """Move ``attempt``'s deadline into the past, beyond the grace for answers in flight."""
    attempt.deadline_at = utcnow() - quizzes.GRACE - timedelta(minutes=1)
    session.commit()
