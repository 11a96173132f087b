"""Marks end to end: each type scored through a real attempt, grading methods, practice, essays
marked by a trainer, and regrading after a question is edited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.content.questions import NumericalAnswer, parse_spec
from lms.models import AuditEvent, GradingMethod, QuizGrade, Role, utcnow
from lms.services import attempts, marking, question_bank, quizzes, regrading, teaching
from lms.services.errors import InvalidInput, NotPermitted
from tests.conftest import start_attempt

SINGLE = {
    "type": "single_choice",
    "name": "Opening",
    "text": "Who speaks first?",
    "default_mark": 2,
    "choices": [
        {"text": "The convenor", "weight": 1},
        {"text": "The largest donor", "weight": 0.5},
        {"text": "Nobody"},
    ],
}
MULTIPLE = {
    "type": "multiple_response",
    "name": "Principles",
    "text": "Which are partnering principles?",
    "choices": [
        {"text": "Equity", "weight": 0.5},
        {"text": "Mutual benefit", "weight": 0.5},
        {"text": "Secrecy", "weight": -0.5},
        {"text": "One partner decides", "weight": -1},
    ],
}
TRUE_FALSE = {"type": "true_false", "name": "Trust", "text": "Trust is built.", "answer": True}
ESSAY = {"type": "essay", "name": "Reflect", "text": "Reflect on a partnership.", "default_mark": 2}


def short_answer(*answers: dict, case_sensitive: bool = False) -> dict:
    return {
        "type": "short_answer",
        "name": "Agreement",
        "text": "What do partners sign?",
        "answers": list(answers),
        "case_sensitive": case_sensitive,
    }


def numerical(*answers: dict) -> dict:
    return {"type": "numerical", "name": "Year", "text": "When?", "answers": list(answers)}


MATCHING = {
    "type": "matching",
    "name": "Roles",
    "text": "Match each role.",
    "default_mark": 3,
    "pairs": [
        {"prompt": "Convenor", "answer": "Brings partners together"},
        {"prompt": "Donor", "answer": "Funds the work"},
        {"prompt": "Broker", "answer": "Keeps it honest"},
    ],
    "distractors": ["Owns the outcome", "Writes the report"],
}
ORDERING = {
    "type": "ordering",
    "name": "Cycle",
    "text": "Order the cycle.",
    "items": ["Scope", "Build", "Maintain", "Review"],
}


def pick(*indices: int):
    """Choose the choices with these spec indices, wherever the layout shows them."""
    return lambda layout: {"choice": [str(layout["choices"].index(index)) for index in indices]}


def typed(name: str, text: str):
    return lambda layout: {name: [text]}


def match(*options: int):
    """Answer prompt ``n`` (spec order) with option ``options[n]`` (spec order)."""
    return lambda layout: {
        f"match-{display}": [str(layout["options"].index(options[prompt]))]
        for display, prompt in enumerate(layout["prompts"])
    }


def place(*places: int):
    """Put item ``n`` (spec order) in place ``places[n]`` (1-based)."""
    return lambda layout: {
        f"position-{display}": [str(places[item])] for display, item in enumerate(layout["items"])
    }


def take(db_session, quiz, trainee, *answers):
    """Start an attempt, save one answer per question (None leaves it blank) and submit it."""
    attempt = start_attempt(db_session, quiz, trainee, now=utcnow())
    values: dict[str, list[str]] = {}
    for item, answer in zip(attempt.items, answers, strict=True):
        if answer is not None:
            fields = answer(item.layout) | {"shown": ["1"]}
            values |= {f"q{item.position}-{name}": value for name, value in fields.items()}
    attempts.save_page(db_session, attempt, page=0, values=values, now=utcnow())
    quizzes.submit_attempt(db_session, attempt, now=utcnow())
    db_session.commit()
    return attempt


@pytest.mark.parametrize(
    ("question", "answer", "mark"),
    [
        pytest.param(SINGLE, pick(0), "2", id="single choice right"),
        pytest.param(SINGLE, pick(1), "1", id="single choice earns its weight"),
        pytest.param(MULTIPLE, pick(0, 1), "1", id="multiple response adds weights"),
        pytest.param(MULTIPLE, pick(0, 1, 2), "0.5", id="multiple response takes negatives"),
        pytest.param(MULTIPLE, pick(0, 2, 3), "0", id="multiple response floored at zero"),
        pytest.param(TRUE_FALSE, typed("answer", "true"), "1", id="true"),
        pytest.param(TRUE_FALSE, typed("answer", "false"), "0", id="false"),
        pytest.param(
            short_answer({"text": "The mandate"}),
            typed("text", "  the   MANDATE "),
            "1",
            id="short answer ignores case and spacing",
        ),
        pytest.param(
            short_answer({"text": "The mandate"}, case_sensitive=True),
            typed("text", "the mandate"),
            "0",
            id="short answer case when asked",
        ),
        pytest.param(
            short_answer({"text": "*mandate*"}),
            typed("text", "A signed Mandate letter"),
            "1",
            id="short answer wildcard",
        ),
        pytest.param(
            short_answer({"text": "mandate"}, {"text": "*letter*", "weight": 0.5}),
            typed("text", "a letter of intent"),
            "0.5",
            id="short answer first matching answer",
        ),
        pytest.param(
            numerical({"value": 1822, "tolerance": 0.5}),
            typed("text", "1822,5"),
            "1",
            id="numerical within tolerance",
        ),
        pytest.param(
            numerical({"value": 1822, "tolerance": 0.5}),
            typed("text", "1822.51"),
            "0",
            id="numerical outside tolerance",
        ),
        pytest.param(
            numerical({"value": 1822}, {"value": 1800, "tolerance": 50, "weight": 0.5}),
            typed("text", "1790"),
            "0.5",
            id="numerical weighted wider answer",
        ),
        pytest.param(
            numerical(NumericalAnswer.between(Decimal(10), Decimal(20)).model_dump(mode="json")),
            typed("text", "20"),
            "1",
            id="numerical range includes its end",
        ),
        pytest.param(
            numerical(NumericalAnswer.between(Decimal(10), Decimal(20)).model_dump(mode="json")),
            typed("text", "9.99"),
            "0",
            id="numerical range excludes below",
        ),
        pytest.param(MATCHING, match(0, 1, 2), "3", id="matching right"),
        pytest.param(MATCHING, match(0, 3, 2), "2", id="matching distractor earns nothing"),
        pytest.param(ORDERING, place(1, 2, 3, 4), "1", id="ordering right"),
        pytest.param(ORDERING, place(1, 2, 4, 3), "0.5", id="ordering share per item in place"),
    ],
)
def test_question_is_scored_through_the_attempt(
    db_session, make_quiz, make_account, question, answer, mark
):
    quiz = make_quiz(questions=[question])
    attempt = take(db_session, quiz, make_account(), answer)
    assert attempt.items[0].mark == Decimal(mark)
    assert attempt.mark == Decimal(mark)


def test_attempt_adds_up_partial_marks_exactly(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[MATCHING | {"default_mark": 1}, TRUE_FALSE], questions_per_page=0)
    attempt = take(db_session, quiz, make_account(), match(0, 1, 3), typed("answer", "true"))
    assert attempt.mark == Decimal("1.6666667")
    assert attempt.max_mark == Decimal(2)


def test_unanswered_questions_earn_nothing(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[SINGLE, TRUE_FALSE], questions_per_page=0)
    attempt = take(db_session, quiz, make_account(), None, None)
    assert attempt.mark == Decimal(0)
    assert attempt.max_mark == Decimal(3)


FOUR_STATEMENTS = [TRUE_FALSE | {"name": f"Statement {number}"} for number in range(4)]


def right_answers(count: int):
    return [typed("answer", "true" if n < count else "false") for n in range(4)]


@pytest.mark.parametrize(
    ("method", "percent"),
    [
        (GradingMethod.HIGHEST, "100"),
        (GradingMethod.AVERAGE, "58.3333333"),
        (GradingMethod.FIRST, "25"),
        (GradingMethod.LAST, "50"),
    ],
)
def test_grading_method_decides_the_grade(db_session, make_quiz, make_account, method, percent):
    quiz = make_quiz(questions=FOUR_STATEMENTS, questions_per_page=0, grading=method.value)
    trainee = make_account()
    for right in (1, 4, 2):  # 25%, 100%, 50%
        take(db_session, quiz, trainee, *right_answers(right))
    grade = db_session.get(QuizGrade, (quiz.id, trainee.id))
    assert grade.percent == Decimal(percent)
    assert grade.attempts_counted == 3


def test_practice_attempts_are_marked_but_not_counted(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[TRUE_FALSE], mode="practice")
    trainee = make_account()
    attempt = take(db_session, quiz, trainee, typed("answer", "true"))
    assert attempt.is_practice
    assert attempt.mark == Decimal(1)
    assert db_session.get(QuizGrade, (quiz.id, trainee.id)) is None


def essay_awaiting_a_mark(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[TRUE_FALSE, ESSAY], questions_per_page=0)
    trainee = make_account()
    attempt = take(db_session, quiz, trainee, typed("answer", "true"), typed("text", "Trust."))
    return quiz, trainee, attempt


def test_essay_mark_completes_the_attempt_and_the_grade(db_session, make_quiz, make_account):
    quiz, trainee, attempt = essay_awaiting_a_mark(db_session, make_quiz, make_account)
    assert attempt.mark is None
    assert db_session.get(QuizGrade, (quiz.id, trainee.id)).percent is None
    marking.mark_answer(
        db_session,
        attempt.items[1],
        mark=Decimal("1.5"),
        comment="Good example.",
        marker=make_account(Role.ADMIN),
        now=utcnow(),
    )
    db_session.commit()
    assert attempt.mark == Decimal("2.5")
    assert db_session.get(QuizGrade, (quiz.id, trainee.id)).percent == Decimal("83.3333333")


def test_essay_mark_is_audited(db_session, make_quiz, make_account):
    _, _, attempt = essay_awaiting_a_mark(db_session, make_quiz, make_account)
    grader = make_account(Role.ADMIN)
    item = attempt.items[1]
    marking.mark_answer(db_session, item, mark=Decimal(2), comment="", marker=grader, now=utcnow())
    db_session.commit()
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "answer.graded")).one()
    assert event.actor_id == grader.id
    assert event.subject_id == str(attempt.id)
    assert event.before["mark"] is None
    assert event.after["mark"] == "2"


def test_essay_mark_above_the_maximum_is_refused(db_session, make_quiz, make_account):
    _, _, attempt = essay_awaiting_a_mark(db_session, make_quiz, make_account)
    with pytest.raises(InvalidInput) as refused:
        marking.mark_answer(
            db_session,
            attempt.items[1],
            mark=Decimal("2.5"),
            comment="",
            marker=make_account(Role.ADMIN),
            now=utcnow(),
        )
    assert refused.value.field == "mark"


def test_only_trainers_of_the_course_mark_its_essays(db_session, make_quiz, make_account):
    quiz, _, attempt = essay_awaiting_a_mark(db_session, make_quiz, make_account)
    trainer = make_account(Role.TRAINER)
    mark = {"mark": Decimal(1), "comment": "", "marker": trainer, "now": utcnow()}
    with pytest.raises(NotPermitted):
        marking.mark_answer(db_session, attempt.items[1], **mark)
    teaching.assign_trainer(
        db_session, quiz.course, trainer, actor=make_account(Role.ADMIN), now=utcnow()
    )
    marking.mark_answer(db_session, attempt.items[1], **mark)
    assert attempt.mark == Decimal(2)


def edit(db_session, quiz, key: str, question: dict) -> question_bank.Change:
    candidate = question_bank.Candidate(key, "Checks", parse_spec({"id": key, **question}))
    _, change = question_bank.put_question(db_session, quiz.course, candidate, now=utcnow())
    db_session.commit()
    return change


# The author fixes the key: the donor's answer was the right one all along.
FIXED = SINGLE | {
    "choices": [
        {"text": "The convenor"},
        {"text": "The largest donor", "weight": 1},
        {"text": "Nobody"},
    ]
}


def test_editing_a_question_with_attempts_makes_a_new_version(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[SINGLE])
    attempt = take(db_session, quiz, make_account(), pick(1))
    assert edit(db_session, quiz, "q1", FIXED) is question_bank.Change.NEW_VERSION
    assert attempt.items[0].question_version.number == 1
    later = take(db_session, quiz, make_account(), pick(1))
    assert later.items[0].question_version.number == 2
    assert later.mark == Decimal(2)


def test_editing_a_question_nobody_saw_changes_it_in_place(db_session, make_quiz):
    quiz = make_quiz(questions=[SINGLE])
    assert edit(db_session, quiz, "q1", FIXED) is question_bank.Change.UPDATED
    assert quiz.slots[0].question.current_number == 1


def test_old_attempts_keep_the_version_they_showed(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[SINGLE])
    attempt = take(db_session, quiz, make_account(), pick(1))
    edit(db_session, quiz, "q1", FIXED | {"text": "Who opens the first meeting?"})
    review = attempts.attempt_review(db_session, attempt, now=utcnow())
    assert review.questions[0].spec.text.text == "Who speaks first?"
    assert attempt.mark == Decimal(1)


def test_regrade_moves_attempts_to_the_edited_version(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[SINGLE])
    trainee = make_account()
    attempt = take(db_session, quiz, trainee, pick(1))
    edit(db_session, quiz, "q1", FIXED)
    result = regrading.regrade_quiz(db_session, quiz, actor=make_account(Role.ADMIN), now=utcnow())
    db_session.commit()
    assert (result.attempts, result.changed) == (1, 1)
    assert attempt.items[0].question_version.number == 2
    assert attempt.mark == Decimal(2)
    assert db_session.get(QuizGrade, (quiz.id, trainee.id)).percent == Decimal(100)


def test_regrade_is_audited(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[SINGLE])
    attempt = take(db_session, quiz, make_account(), pick(1))
    edit(db_session, quiz, "q1", FIXED)
    actor = make_account(Role.ADMIN)
    regrading.regrade_quiz(db_session, quiz, actor=actor, now=utcnow())
    db_session.commit()
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "quiz.regraded")).one()
    assert event.actor_id == actor.id
    assert event.subject_id == str(quiz.id)
    assert event.after == {
        "attempts": 1,
        "changed": [{"attempt": attempt.id, "before": "1", "after": "2"}],
        "kept_on_old_version": 0,
    }


def test_regrade_keeps_attempts_whose_layout_no_longer_fits(db_session, make_quiz, make_account):
    quiz = make_quiz(questions=[SINGLE])
    attempt = take(db_session, quiz, make_account(), pick(1))
    four_choices = FIXED | {"choices": [*FIXED["choices"], {"text": "The newest partner"}]}
    edit(db_session, quiz, "q1", four_choices)
    result = regrading.regrade_quiz(db_session, quiz, actor=make_account(Role.ADMIN), now=utcnow())
    db_session.commit()
    assert result.changed == 0
    assert attempt.items[0].question_version.number == 1
    assert attempt.mark == Decimal(1)
