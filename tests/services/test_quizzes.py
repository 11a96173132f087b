"""Taking quizzes through the services: draws, saving, submitting, grades, time limits."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from lms.models import Attempt, AttemptState, QuizGrade, utcnow
from lms.services import attempts, quizzes
from lms.services.errors import NotPermitted
from tests.conftest import start_attempt, take_quiz

CHOICE = {
    "type": "single_choice",
    "name": "Opening",
    "text": "Who speaks first?",
    "choices": [
        {"text": "The convenor", "weight": 1, "feedback": "Yes."},
        {"text": "The donor", "feedback": "No."},
        {"text": "Nobody"},
    ],
}
TRUE_FALSE = {"type": "true_false", "name": "Trust", "text": "Trust is built.", "answer": True}
ESSAY = {"type": "essay", "name": "Reflect", "text": "Reflect on a partnership."}


def answer_single(attempt, position: int, choice_index: int) -> dict[str, list[str]]:
    """Form values choosing the choice with spec index ``choice_index`` at ``position``."""
    item = attempt.items[position]
    display = item.layout["choices"].index(choice_index)
    return {f"q{position}-shown": ["1"], f"q{position}-choice": [str(display)]}


def test_attempt_draws_questions_and_freezes_their_layout(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE])
    trainee = make_account()
    attempt = start_attempt(db_session, quiz, trainee, now=utcnow())
    db_session.commit()
    assert [item.question_version.name for item in attempt.items] == ["Opening", "Trust"]
    assert sorted(attempt.items[0].layout["choices"]) == [0, 1, 2]
    again = start_attempt(db_session, quiz, trainee, now=utcnow())
    assert again.id == attempt.id
    assert again.items[0].layout == attempt.items[0].layout


def test_submitting_grades_and_records_the_grade(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE], pass_percent=50)
    trainee = make_account()
    now = utcnow()
    attempt = start_attempt(db_session, quiz, trainee, now=now)
    values = answer_single(attempt, 0, 0) | {"q1-shown": ["1"], "q1-answer": ["false"]}
    attempts.save_page(db_session, attempt, page=0, values=values, now=now)
    quizzes.submit_attempt(db_session, attempt, now=now)
    db_session.commit()
    assert attempt.mark == Decimal(1)
    assert attempt.max_mark == Decimal(2)
    grade = db_session.get(QuizGrade, (quiz.id, trainee.id))
    assert grade.percent == Decimal(50)
    assert grade.is_passed


def test_submitting_twice_grades_once(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE])
    trainee = make_account()
    attempt = start_attempt(db_session, quiz, trainee, now=utcnow())
    right = answer_single(attempt, 0, 0)
    attempts.save_page(db_session, attempt, page=0, values=right, now=utcnow())
    quizzes.submit_attempt(db_session, attempt, now=utcnow())
    db_session.commit()
    quizzes.submit_attempt(db_session, attempt, now=utcnow())
    with pytest.raises(quizzes.AttemptClosed):
        attempts.save_page(
            db_session, attempt, page=0, values=answer_single(attempt, 0, 1), now=utcnow()
        )
    db_session.commit()
    assert attempt.mark == Decimal(1)
    count = db_session.scalar(select(func.count()).select_from(Attempt))
    assert count == 1


def test_answers_after_the_deadline_are_refused_and_the_attempt_submitted(
    db_session, make_quiz, make_account
):
    quiz = make_quiz(questions=[CHOICE], time_limit_minutes=10)
    trainee = make_account()
    start = utcnow()
    attempt = start_attempt(db_session, quiz, trainee, now=start)
    attempts.save_page(db_session, attempt, page=0, values=answer_single(attempt, 0, 0), now=start)
    late = start + timedelta(minutes=11)
    with pytest.raises(quizzes.AttemptClosed):
        attempts.save_page(
            db_session, attempt, page=0, values=answer_single(attempt, 0, 1), now=late
        )
    db_session.commit()
    assert attempt.state is AttemptState.FINISHED
    assert attempt.was_submitted_by_timer
    assert attempt.mark == Decimal(1)
    assert attempt.finished_at == attempt.deadline_at


def test_no_attempt_starts_when_all_are_used(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE], attempts=1)
    trainee = make_account()
    attempt = start_attempt(db_session, quiz, trainee, now=utcnow())
    quizzes.submit_attempt(db_session, attempt, now=utcnow())
    with pytest.raises(NotPermitted, match="used all your attempts"):
        start_attempt(db_session, quiz, trainee, now=utcnow())


def test_essay_awaits_a_trainer_before_the_attempt_has_a_mark(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE, ESSAY])
    trainee = make_account()
    attempt = start_attempt(db_session, quiz, trainee, now=utcnow())
    values = answer_single(attempt, 0, 0) | {"q1-shown": ["1"], "q1-text": ["Trust first."]}
    attempts.save_page(db_session, attempt, page=0, values=values, now=utcnow())
    quizzes.submit_attempt(db_session, attempt, now=utcnow())
    review = attempts.attempt_review(db_session, attempt, now=utcnow())
    assert attempt.mark is None
    assert review.awaiting_grading


def test_the_grade_stays_hidden_while_the_review_settings_hide_marks(
    db_session, make_quiz, make_account
):
    quiz = make_quiz(questions=[TRUE_FALSE], review={"marks": ["after_close"]})
    trainee = make_account()
    take_quiz(db_session, quiz, trainee, {0: {"answer": "true"}})
    status = quizzes.quiz_status(db_session, quiz, trainee, now=utcnow())
    assert status.grade is None
    assert [summary.percent for summary in status.attempts] == [None]
    [listed] = quizzes.course_quizzes(db_session, quiz.course, trainee, now=utcnow())
    assert listed.grade is None


def test_grading_by_first_attempt_waits_for_its_essay_to_be_marked(
    db_session, make_quiz, make_account
):
    quiz = make_quiz(questions=[TRUE_FALSE, ESSAY], grading="first")
    trainee = make_account()
    take_quiz(db_session, quiz, trainee, {0: {"answer": "true"}, 1: {"text": "Words."}})
    take_quiz(db_session, quiz, trainee, {0: {"answer": "true"}})
    assert db_session.get(QuizGrade, (quiz.id, trainee.id)).percent is None


def test_overdue_attempts_are_submitted_without_their_trainee(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE], time_limit_minutes=5)
    start = utcnow()
    attempt = start_attempt(db_session, quiz, make_account(), now=start)
    assert quizzes.finish_overdue(db_session, now=start + timedelta(minutes=4), quiz=quiz) == 0
    assert quizzes.finish_overdue(db_session, now=start + timedelta(minutes=6)) == 1
    assert attempt.was_submitted_by_timer


def test_a_tampered_page_number_is_kept_within_the_attempt(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE])
    attempt = start_attempt(db_session, quiz, make_account(), now=utcnow())
    attempts.save_page(db_session, attempt, page=10**30, values={}, now=utcnow())
    assert attempt.current_page == 1


def test_checking_a_practice_page_leaves_blank_answers_open(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[CHOICE, TRUE_FALSE], mode="practice", questions_per_page=0)
    attempt = start_attempt(db_session, quiz, make_account(), now=utcnow())
    values = answer_single(attempt, 0, 0) | {"q1-shown": ["1"]}
    attempts.save_page(db_session, attempt, page=0, values=values, now=utcnow(), check=True)
    assert [item.is_checked for item in attempt.items] == [True, False]
