"""The question bank: questions change in place until an attempt has shown them."""

from __future__ import annotations

from lms.content.questions import parse_spec
from lms.models import utcnow
from lms.services import question_bank
from lms.services.question_bank import Candidate, Change
from tests.conftest import start_attempt

TRUST = {
    "type": "true_false",
    "id": "trust",
    "name": "Trust",
    "text": "Trust is built.",
    "answer": True,
}


def put(db_session, course, **changes):
    spec = parse_spec({**TRUST, **changes})
    return question_bank.put_question(
        db_session, course, Candidate("trust", "Openings", spec), now=utcnow()
    )


def test_putting_the_same_question_twice_changes_nothing(db_session, make_course):
    course = make_course()
    assert put(db_session, course)[1] is Change.CREATED
    assert put(db_session, course)[1] is Change.UNCHANGED


def test_a_question_no_attempt_has_shown_is_edited_in_place(db_session, make_course):
    course = make_course()
    question, _ = put(db_session, course)
    _, change = put(db_session, course, answer=False)
    assert change is Change.UPDATED
    assert [version.number for version in question.versions] == [1]
    assert question.versions[0].spec["answer"] is False


def test_editing_a_question_an_attempt_has_shown_makes_a_new_version(
    db_session, make_quiz, make_account
):
    quiz = make_quiz(questions=[TRUST])
    attempt = start_attempt(db_session, quiz, make_account(), now=utcnow())
    db_session.commit()
    question, change = put(db_session, quiz.course, answer=False)
    assert change is Change.NEW_VERSION
    assert question.current_number == 2
    assert attempt.items[0].question_version.number == 1
    assert attempt.items[0].question_version.spec["answer"] is True


def test_the_bank_lists_current_versions_by_category(db_session, make_course):
    course = make_course()
    put(db_session, course)
    ((category, spec),) = question_bank.bank(db_session, course)
    assert category == "Openings"
    assert spec.name == "Trust"
