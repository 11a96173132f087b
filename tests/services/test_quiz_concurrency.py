"""Quiz writes racing each other in real concurrent sessions: a double click, two tabs, a save
arriving while the attempt is being submitted. Run on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal

from sqlalchemy import func, select

from lms.models import (
    Account,
    Attempt,
    AttemptItem,
    AttemptState,
    AuditEvent,
    Quiz,
    QuizGrade,
    utcnow,
)
from lms.services import attempts, enrolment, grading, quizzes
from lms.services.quizzes import AttemptClosed
from tests.concurrency import run_concurrently
from tests.conftest import start_attempt

CHOICE = {
    "type": "single_choice",
    "name": "Opening",
    "text": "Who speaks first?",
    "choices": [{"text": "The convenor", "weight": 1}, {"text": "The donor"}, {"text": "Nobody"}],
}
TRUE_FALSE = {"type": "true_false", "name": "Trust", "text": "Trust is built.", "answer": True}
RACES = 5


def answers(attempt, *, right: bool) -> dict[str, list[str]]:
    """Form values answering both questions rightly, or both wrongly."""
    choice = attempt.items[0].layout["choices"].index(0 if right else 1)
    return {
        "q0-shown": ["1"],
        "q0-choice": [str(choice)],
        "q1-shown": ["1"],
        "q1-answer": ["true" if right else "false"],
    }


def started_with_answers(db_session, quiz, trainee) -> Attempt:
    attempt = start_attempt(db_session, quiz, trainee, now=utcnow())
    values = answers(attempt, right=True)
    attempts.save_page(db_session, attempt, page=0, values=values, now=utcnow())
    db_session.commit()
    return attempt


def submitted_twice_at_once(database, db_session, make_quiz, make_account) -> Attempt:
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE], questions_per_page=0)
    attempt = started_with_answers(db_session, quiz, make_account())

    def submit(session) -> Decimal | None:
        mine = session.get(Attempt, attempt.id)
        return quizzes.submit_attempt(session, mine, now=utcnow()).mark

    assert run_concurrently(database, submit, times=2) == [Decimal(2), Decimal(2)]
    db_session.expire_all()
    return attempt


def test_two_simultaneous_submits_finish_one_attempt_once(
    database, db_session, make_quiz, make_account
):
    attempt = submitted_twice_at_once(database, db_session, make_quiz, make_account)
    assert db_session.scalar(select(func.count()).select_from(Attempt)) == 1
    assert attempt.state is AttemptState.FINISHED
    assert attempt.mark == Decimal(2)


def test_two_simultaneous_submits_record_one_grade(database, db_session, make_quiz, make_account):
    submitted_twice_at_once(database, db_session, make_quiz, make_account)
    grades = db_session.scalars(select(QuizGrade)).all()
    assert [(grade.percent, grade.attempts_counted) for grade in grades] == [(Decimal(100), 1)]


def test_two_simultaneous_submits_audit_nothing_twice(
    database, db_session, make_quiz, make_account
):
    submitted_twice_at_once(database, db_session, make_quiz, make_account)
    events = db_session.scalars(select(AuditEvent)).all()
    repeated = Counter((event.action, event.subject_type, event.subject_id) for event in events)
    assert [key for key, count in repeated.items() if count > 1] == []


def test_two_simultaneous_starts_make_one_attempt(database, db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE], attempts=1)
    trainee = make_account()
    enrolment.enrol(db_session, trainee, quiz.course, now=utcnow())
    db_session.commit()

    def start(session) -> int:
        mine = session.get(Quiz, quiz.id)
        return quizzes.start_attempt(
            session, mine, trainee=session.get(Account, trainee.id), now=utcnow()
        ).id

    first, second = run_concurrently(database, start, times=2)
    assert first == second
    assert db_session.scalar(select(func.count()).select_from(Attempt)) == 1
    assert db_session.scalar(select(func.count()).select_from(AttemptItem)) == 2


def test_saving_while_submitting_never_changes_the_graded_mark(
    database, db_session, make_quiz, make_account
):
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE], questions_per_page=0)
    for _ in range(RACES):
        attempt = started_with_answers(db_session, quiz, make_account())
        wrong = answers(attempt, right=False)
        roles = ["submit", "save"]
        lock = threading.Lock()

        def submit_or_save(session, attempt_id=attempt.id, wrong=wrong, roles=roles, lock=lock):
            with lock:
                role = roles.pop()
            mine = session.get(Attempt, attempt_id)
            if role == "submit":
                quizzes.submit_attempt(session, mine, now=utcnow())
                return "submitted"
            try:
                attempts.save_page(session, mine, page=0, values=wrong, now=utcnow())
            except AttemptClosed:
                return "refused"
            return "saved"

        outcomes = set(run_concurrently(database, submit_or_save, times=2))
        db_session.expire_all()
        graded = db_session.get(Attempt, attempt.id)
        # Saved first: the submit graded the wrong answers. Refused: the right ones stand.
        assert graded.mark == (Decimal(0) if "saved" in outcomes else Decimal(2))
        rescored = [grading.outcome_of(item).fraction for item in graded.items]
        assert rescored == [item.fraction for item in graded.items]


def test_submit_marks_the_answers_another_request_saved_meanwhile(
    database, db_session, make_quiz, make_account
):
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE], questions_per_page=0)
    attempt = started_with_answers(db_session, quiz, make_account())
    with database.sessionmaker() as submitting, database.sessionmaker() as saving:
        seen = submitting.get(Attempt, attempt.id)
        shown = list(seen.items)  # the page this request showed, answered rightly
        other_tab = saving.get(Attempt, attempt.id)
        wrong = answers(attempt, right=False)
        attempts.save_page(saving, other_tab, page=0, values=wrong, now=utcnow())
        saving.commit()
        quizzes.submit_attempt(submitting, seen, now=utcnow())
        submitting.commit()
    assert [item.mark for item in shown] == [Decimal(0), Decimal(0)]
    db_session.expire_all()
    assert db_session.get(Attempt, attempt.id).mark == Decimal(0)
