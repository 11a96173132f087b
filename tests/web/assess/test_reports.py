"""A course's quizzes for its trainers: attempt counts, regrading, the report and its CSV."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from lms.content.quizzes import CourseQuizzes
from lms.models import Attempt, AuditEvent, QuizGrade, Role, utcnow
from lms.services import question_bank
from tests.conftest import post_form, sign_in, take_quiz
from tests.web.assess.conftest import ESSAY, TRUE_FALSE, run_out_of_time

QUIZZES = "/assess/courses/negotiation/quizzes"
REPORT = f"{QUIZZES}/check/report"


def test_course_page_links_to_its_quizzes_and_the_marking_queue(trainer_client, course):
    page = trainer_client.get("/teach/courses/negotiation").get_data(as_text=True)
    assert f'href="{QUIZZES}"' in page
    assert 'href="/assess/"' in page


def test_quiz_list_shows_attempt_counts_and_a_regrade_button(trainer_client, essay_attempt):
    page = trainer_client.get(QUIZZES).get_data(as_text=True)
    assert f'<a href="{REPORT}">Partnering check</a>' in page
    assert "<td>1</td>" in page
    assert 'aria-describedby="regrade-hint">Regrade Partnering check</button>' in page
    assert f'action="{QUIZZES}/check/regrade"' in page


def test_regrade_after_fixing_a_question_changes_marks_and_grades(
    db_session, trainer_client, make_quiz, course, quiz, trainee
):
    attempt = take_quiz(db_session, quiz, trainee, {0: {"answer": "true"}})
    fixed = [{**TRUE_FALSE, "answer": False}, ESSAY]
    make_quiz(course=course, questions=fixed, title="Partnering check")
    response = post_form(trainer_client, f"{QUIZZES}/check/regrade")
    assert response.headers["Location"] == QUIZZES
    page = trainer_client.get(QUIZZES).get_data(as_text=True)
    assert "Partnering check: 1 attempt regraded, 1 with a changed mark." in page
    db_session.expire_all()
    assert db_session.get(Attempt, attempt.id).mark == Decimal(0)
    assert db_session.get(QuizGrade, (quiz.id, trainee.id)).percent == Decimal(0)


def test_regrade_writes_an_audit_record(db_session, trainer_client, trainer, essay_attempt):
    post_form(trainer_client, f"{QUIZZES}/check/regrade")
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "quiz.regraded")).one()
    assert event.actor_id == trainer.id
    assert event.after["attempts"] == 1


def test_report_shows_the_counts_distribution_and_question_statistics(
    db_session, trainer_client, quiz, make_account
):
    take_quiz(db_session, quiz, make_account(), {0: {"answer": "true"}})
    take_quiz(db_session, quiz, make_account(), {0: {"answer": "false"}})
    page = trainer_client.get(REPORT).get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>2</dd>" in page
    assert "<dt>Mean score</dt><dd>10%</dd>" in page
    assert '<th scope="row">20 to under 30%</th>' in page
    assert '<span class="bar bar--100" aria-hidden="true"></span>' in page
    assert '<span class="bar bar--0" aria-hidden="true"></span>' in page
    assert "<td>50%</td>" in page
    assert f'href="{REPORT}.csv"' in page


def test_report_csv_downloads_one_row_per_attempt(trainer_client, essay_attempt):
    response = trainer_client.get(f"{REPORT}.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="negotiation-check-attempts.csv"'
    )
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffTrainee,Email,Attempt,")
    assert "Rosa Trainee" in text.splitlines()[1]


def test_report_query_count_does_not_grow_with_the_attempts(
    db_session, trainer_client, quiz, make_account, count_queries
):
    for _ in range(2):
        take_quiz(db_session, quiz, make_account(), {0: {"answer": "true"}, 1: {"text": "A"}})
    with count_queries() as few:
        assert trainer_client.get(REPORT).status_code == 200
    for _ in range(18):
        take_quiz(db_session, quiz, make_account(), {0: {"answer": "false"}})
    with count_queries() as many:
        page = trainer_client.get(REPORT).get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>20</dd>" in page
    assert many.count == few.count


def test_trainer_of_another_course_may_not_see_its_quizzes(client, make_account, quiz):
    sign_in(client, make_account(Role.TRAINER))
    assert client.get(QUIZZES).status_code == 403
    assert client.get(REPORT).status_code == 403
    assert client.get(f"{REPORT}.csv").status_code == 403
    assert post_form(client, f"{QUIZZES}/check/regrade").status_code == 403


def test_admin_sees_the_report_of_any_course(client, admin, quiz):
    sign_in(client, admin)
    assert client.get(REPORT).status_code == 200


def test_unknown_quiz_is_not_found(trainer_client, course):
    assert trainer_client.get(f"{QUIZZES}/no-such-quiz/report").status_code == 404


CHOICE = {
    "type": "single_choice",
    "name": "Opening",
    "text": "Who speaks first?",
    "choices": [{"text": "The broker", "weight": 1}, {"text": "The funder"}],
}


def test_regrade_says_how_many_answers_kept_their_old_version(
    db_session, trainer_client, make_quiz, course, trainee
):
    quiz = make_quiz(course=course, questions=[CHOICE], slug="opening", title="Opening")
    take_quiz(db_session, quiz, trainee, {0: {"choice": "0"}})
    more_choices = {**CHOICE, "choices": [*CHOICE["choices"], {"text": "The donor"}]}
    make_quiz(course=course, questions=[more_choices], slug="opening", title="Opening")
    post_form(trainer_client, f"{QUIZZES}/opening/regrade")
    page = trainer_client.get(QUIZZES).get_data(as_text=True)
    assert (
        "1 answer kept its old version of the question because the question&#39;s parts changed."
        in page
    )


def test_regrade_without_changed_parts_says_nothing_of_old_versions(trainer_client, essay_attempt):
    post_form(trainer_client, f"{QUIZZES}/check/regrade")
    assert "old version" not in trainer_client.get(QUIZZES).get_data(as_text=True)


def withdraw_quizzes(db_session, course) -> None:
    """Empty the course's quiz folder, as when its quizzes are taken out of it."""
    question_bank.sync_quizzes(db_session, course, CourseQuizzes([], {}), now=utcnow())
    db_session.commit()


def test_withdrawn_quiz_keeps_its_report(db_session, trainer_client, course, essay_attempt):
    withdraw_quizzes(db_session, course)
    page = trainer_client.get(QUIZZES).get_data(as_text=True)
    assert '<span class="badge">Withdrawn</span>' in page
    assert trainer_client.get(REPORT).status_code == 200
    assert trainer_client.get(f"{REPORT}.csv").status_code == 200


def test_withdrawn_quiz_can_be_regraded(db_session, trainer_client, course, essay_attempt):
    withdraw_quizzes(db_session, course)
    response = post_form(trainer_client, f"{QUIZZES}/check/regrade")
    assert response.headers["Location"] == QUIZZES
    assert "Partnering check: 1 attempt regraded" in trainer_client.get(QUIZZES).get_data(
        as_text=True
    )


def start_timed_attempt(db_session, make_quiz, course, trainee) -> Attempt:
    """An attempt at a timed quiz ``timed``, answered, whose time ran out without a submit."""
    timed = make_quiz(
        course=course, questions=[TRUE_FALSE], slug="timed", title="Timed", time_limit_minutes=5
    )
    attempt = take_quiz(db_session, timed, trainee, {0: {"answer": "true"}}, submit=False)
    run_out_of_time(db_session, attempt)
    return attempt


def test_report_counts_an_attempt_whose_time_ran_out(
    db_session, trainer_client, make_quiz, course, trainee
):
    start_timed_attempt(db_session, make_quiz, course, trainee)
    page = trainer_client.get(f"{QUIZZES}/timed/report").get_data(as_text=True)
    assert "<dt>Attempts</dt><dd>1</dd>" in page
    assert "<dt>Mean score</dt><dd>100%</dd>" in page


def test_quiz_list_counts_an_attempt_whose_time_ran_out(
    db_session, trainer_client, make_quiz, course, trainee
):
    attempt = start_timed_attempt(db_session, make_quiz, course, trainee)
    page = trainer_client.get(QUIZZES).get_data(as_text=True)
    assert f'<a href="{QUIZZES}/timed/report">Timed</a>' in page
    assert "<td>1</td>" in page
    db_session.expire_all()
    assert db_session.get(Attempt, attempt.id).was_submitted_by_timer
