"""Quiz reports: counts, score distribution, facility and discrimination, CSV export.

The expected figures are worked out by hand from four attempts on a quiz of a description and
three questions (marks 1, 2 and 1):

    trainee  Q1  Q2   Q3  total  percent
    Ada      1   2    1   4      100
    Ben      1   1    0   2       50
    Cleo     0   1    1   2       50
    Dev      0   0    1   1       25

Facility is the mean fraction: Q1 (1+1+0+0)/4 = 50%, Q2 (1+.5+.5+0)/4 = 50%, Q3 3/4 = 75%.
Discrimination is Pearson's r between a question's fraction and the rest of the attempt, ×100:
Q1 against rests (3, 1, 2, 1): cov .5 / √(1 × 2.75) = 30.15; Q2 against (2, 1, 1, 1):
.5 / √(.5 × .75) = 81.65; Q3 against (3, 2, 1, 0): -.5 / √(.75 × 5) = -25.82.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from lms.models import Quiz, QuizMode, Role, utcnow
from lms.services import marking, quiz_reports
from tests.conftest import take_quiz

STARTED = datetime(2026, 3, 5, 14, 3, tzinfo=UTC)
INTRO = {"type": "description", "name": "Case", "text": "A partnership of three NGOs."}
FIRST = {"type": "true_false", "name": "Trust", "text": "Trust is built.", "answer": True}
SECOND = {
    "type": "short_answer",
    "name": "Role",
    "text": "Who convenes?",
    "default_mark": 2,
    "answers": [{"text": "Partner", "weight": 1}, {"text": "Ally", "weight": "0.5"}],
}
THIRD = {"type": "true_false", "name": "Speed", "text": "Trust is quick.", "answer": False}
ESSAY = {"type": "essay", "name": "Reflect", "text": "Reflect on a partnership."}
# Form fields each trainee sends, by question position (0 is the description).
ANSWERS = {
    "Ada": {1: {"answer": "true"}, 2: {"text": "Partner"}, 3: {"answer": "false"}},
    "Ben": {1: {"answer": "true"}, 2: {"text": "ally"}, 3: {"answer": "true"}},
    "Cleo": {1: {"answer": "false"}, 2: {"text": "Ally"}, 3: {"answer": "false"}},
    "Dev": {1: {"answer": "false"}, 2: {"text": "Rival"}, 3: {"answer": "false"}},
}


@pytest.fixture
def quiz(make_quiz) -> Quiz:
    return make_quiz(questions=[INTRO, FIRST, SECOND, THIRD])


@pytest.fixture
def four_attempts(db_session, quiz, make_account) -> Quiz:
    for name, answers in ANSWERS.items():
        take_quiz(db_session, quiz, make_account(display_name=name), answers, now=STARTED)
    return quiz


def test_report_counts_attempts_and_trainees(db_session, four_attempts):
    report = quiz_reports.quiz_report(db_session, four_attempts)
    assert (report.attempt_count, report.trainee_count, report.graded_count) == (4, 4, 4)


def test_second_attempt_counts_as_an_attempt_not_a_trainee(db_session, quiz, make_account):
    trainee = make_account()
    take_quiz(db_session, quiz, trainee, ANSWERS["Ada"])
    take_quiz(db_session, quiz, trainee, ANSWERS["Dev"])
    report = quiz_reports.quiz_report(db_session, quiz)
    assert (report.attempt_count, report.trainee_count) == (2, 1)


def test_report_gives_mean_and_median_percent(db_session, four_attempts):
    report = quiz_reports.quiz_report(db_session, four_attempts)
    assert report.mean_percent == Decimal("56.25")
    assert report.median_percent == Decimal("50.00")


def test_report_puts_each_attempt_in_one_of_ten_score_bands(db_session, four_attempts):
    report = quiz_reports.quiz_report(db_session, four_attempts)
    assert [(band.low, band.count) for band in report.bands if band.count] == [
        (20, 1),
        (50, 2),
        (90, 1),
    ]
    assert len(report.bands) == 10
    assert [band.share for band in report.bands if band.count] == [25, 50, 25]


def test_top_band_holds_full_marks(db_session, four_attempts):
    top = quiz_reports.quiz_report(db_session, four_attempts).bands[-1]
    assert (top.label, top.count) == ("90 to 100%", 1)


def test_report_gives_each_question_its_facility(db_session, four_attempts):
    questions = quiz_reports.quiz_report(db_session, four_attempts).questions
    assert [(q.number, q.names, q.facility) for q in questions] == [
        (1, ("Trust",), Decimal("50.00")),
        (2, ("Role",), Decimal("50.00")),
        (3, ("Speed",), Decimal("75.00")),
    ]


def test_report_gives_each_question_its_discrimination_index(db_session, four_attempts):
    questions = quiz_reports.quiz_report(db_session, four_attempts).questions
    assert [question.discrimination for question in questions] == [
        Decimal("30.15"),
        Decimal("81.65"),
        Decimal("-25.82"),
    ]


def test_discrimination_needs_two_attempts(db_session, quiz, make_account):
    take_quiz(db_session, quiz, make_account(), ANSWERS["Ben"])
    [first, *_] = quiz_reports.quiz_report(db_session, quiz).questions
    assert first.facility == Decimal(100)
    assert first.discrimination is None


def test_discrimination_needs_scores_that_differ(db_session, quiz, make_account):
    take_quiz(db_session, quiz, make_account(), ANSWERS["Ben"])
    take_quiz(db_session, quiz, make_account(), ANSWERS["Ben"])
    questions = quiz_reports.quiz_report(db_session, quiz).questions
    assert [question.discrimination for question in questions] == [None, None, None]


def test_unfinished_attempts_stay_out_of_the_report(db_session, quiz, make_account):
    take_quiz(db_session, quiz, make_account(), ANSWERS["Ada"], submit=False)
    report = quiz_reports.quiz_report(db_session, quiz)
    assert report.attempt_count == 0
    assert report.mean_percent is None


def test_practice_attempts_stay_out_of_the_report(db_session, make_quiz, make_account):
    practice = make_quiz(questions=[FIRST], mode=QuizMode.PRACTICE)
    take_quiz(db_session, practice, make_account(), {0: {"answer": "true"}})
    assert quiz_reports.quiz_report(db_session, practice).attempt_count == 0


def test_attempt_awaiting_a_mark_is_counted_but_not_scored(db_session, make_quiz, make_account):
    essay_quiz = make_quiz(questions=[FIRST, ESSAY])
    take_quiz(db_session, essay_quiz, make_account(), {0: {"answer": "true"}, 1: {"text": "Hm"}})
    take_quiz(db_session, essay_quiz, make_account(), {0: {"answer": "false"}, 1: {"text": "Ok"}})
    report = quiz_reports.quiz_report(db_session, essay_quiz)
    assert (report.attempt_count, report.graded_count, report.awaiting_grading) == (2, 0, 2)
    assert report.mean_percent is None
    assert [(q.facility, q.discrimination) for q in report.questions] == [
        (Decimal(50), None),
        (None, None),
    ]


def test_marked_essay_joins_the_statistics(db_session, make_quiz, make_account):
    essay_quiz = make_quiz(questions=[FIRST, ESSAY])
    attempt = take_quiz(db_session, essay_quiz, make_account(), {1: {"text": "Trust first."}})
    marking.mark_answer(
        db_session,
        attempt.items[1],
        mark=Decimal("0.5"),
        comment="",
        marker=make_account(Role.ADMIN),
        now=utcnow(),
    )
    db_session.commit()
    report = quiz_reports.quiz_report(db_session, essay_quiz)
    assert report.mean_percent == Decimal("25.00")
    assert report.questions[1].facility == Decimal("50.00")


def test_csv_has_a_row_per_attempt_with_each_questions_mark(db_session, four_attempts):
    report = quiz_reports.quiz_report(db_session, four_attempts)
    rows = list(csv.reader(io.StringIO(quiz_reports.report_csv(report))))
    assert rows[0] == [
        "Trainee",
        "Email",
        "Attempt",
        "Started (UTC)",
        "Finished (UTC)",
        "Percent",
        "Q1 /1",
        "Q2 /2",
        "Q3 /1",
    ]
    name, _email, *ada = rows[1]
    assert name == "Ada"
    assert ada == ["1", "2026-03-05 14:03:00", "2026-03-05 14:03:00", "100.00", "1", "2", "1"]
    assert [row[0] for row in rows[1:]] == ["Ada", "Ben", "Cleo", "Dev"]
    assert rows[2][-3:] == ["1", "1", "0"]


def test_csv_leaves_a_mark_awaiting_a_trainer_blank(db_session, make_quiz, make_account):
    essay_quiz = make_quiz(questions=[FIRST, ESSAY])
    take_quiz(db_session, essay_quiz, make_account(), {0: {"answer": "true"}, 1: {"text": "Hm"}})
    report = quiz_reports.quiz_report(db_session, essay_quiz)
    [_header, row] = list(csv.reader(io.StringIO(quiz_reports.report_csv(report))))
    assert row[5:] == ["", "1", ""]


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_keeps_a_name_from_running_as_a_formula(db_session, quiz, make_account, start):
    trainee = make_account(display_name=f"{start}HYPERLINK(1)")
    take_quiz(db_session, quiz, trainee, ANSWERS["Ada"])
    report = quiz_reports.quiz_report(db_session, quiz)
    [_header, row] = list(csv.reader(io.StringIO(quiz_reports.report_csv(report))))
    assert row[0] == f"'{start}HYPERLINK(1)"


def test_quiz_summaries_count_attempts_trainees_and_marks_awaited(
    db_session, make_quiz, make_course, make_account
):
    course = make_course()
    checked = make_quiz(course=course, questions=[FIRST], title="A first check")
    trainee = make_account()
    take_quiz(db_session, checked, trainee, {0: {"answer": "true"}})
    take_quiz(db_session, checked, trainee, {0: {"answer": "false"}})
    essays = make_quiz(
        course=course, questions=[{"id": "essay", **ESSAY}], slug="essays", title="B essays"
    )
    take_quiz(db_session, essays, trainee, {0: {"text": "Some thoughts."}})
    summaries = quiz_reports.quiz_summaries(db_session, course)
    assert [(s.quiz.slug, s.attempts, s.trainees, s.awaiting_grading) for s in summaries] == [
        ("check", 2, 1, 0),
        ("essays", 1, 1, 1),
    ]
