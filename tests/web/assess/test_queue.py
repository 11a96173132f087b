"""The marking queue: essays waiting for a mark, in the courses the trainer teaches."""

from __future__ import annotations

from datetime import timedelta

from lms.models import Role, utcnow
from lms.services import teaching
from tests.conftest import sign_in, take_quiz
from tests.web.assess.conftest import ESSAY, run_out_of_time


def test_queue_lists_an_essay_waiting_for_a_mark(trainer_client, essay_attempt):
    page = trainer_client.get("/assess/").get_data(as_text=True)
    essay = essay_attempt.items[1]
    assert '<th scope="row">Rosa Trainee</th>' in page
    assert "Partnering check" in page
    assert f'href="/assess/answers/{essay.id}"' in page
    assert "1 essay answer waiting for a mark, oldest first" in page


def test_queue_leaves_out_courses_the_trainer_does_not_teach(
    db_session, trainer_client, make_course, make_quiz, make_account
):
    elsewhere = make_course("elsewhere", title="Not taught here")
    other_quiz = make_quiz(course=elsewhere, questions=[{**ESSAY, "name": "Far essay"}])
    take_quiz(db_session, other_quiz, make_account(), {0: {"text": "Far away."}})
    page = trainer_client.get("/assess/").get_data(as_text=True)
    assert "Far essay" not in page
    assert "No answer is waiting for a mark." in page


def test_queue_lists_the_oldest_answer_first(db_session, trainer_client, quiz, make_account):
    now = utcnow()
    take_quiz(
        db_session, quiz, make_account(display_name="Late Larry"), {1: {"text": "B"}}, now=now
    )
    earlier = now - timedelta(hours=1)
    take_quiz(
        db_session, quiz, make_account(display_name="Early Eve"), {1: {"text": "A"}}, now=earlier
    )
    page = trainer_client.get("/assess/").get_data(as_text=True)
    assert page.index("Early Eve") < page.index("Late Larry")


def test_queue_leaves_out_marked_and_unanswered_essays(
    db_session, trainer_client, quiz, make_account
):
    take_quiz(db_session, quiz, make_account(display_name="Silent Sam"), {0: {"answer": "true"}})
    page = trainer_client.get("/assess/").get_data(as_text=True)
    assert "Silent Sam" not in page


def test_admin_queue_holds_every_course(client, admin, essay_attempt):
    sign_in(client, admin)
    assert "Rosa Trainee" in client.get("/assess/").get_data(as_text=True)


def test_queue_shows_the_oldest_100_answers_and_counts_the_rest(
    db_session, trainer_client, make_quiz, course, make_account
):
    essays = [{**ESSAY, "name": f"Essay {number:03d}"} for number in range(1, 103)]
    many = make_quiz(course=course, questions=essays, slug="many", title="Many essays")
    answers = {position: {"text": "Mine."} for position in range(len(essays))}
    take_quiz(db_session, many, make_account(), answers)
    page = trainer_client.get("/assess/").get_data(as_text=True)
    assert "100 essay answers waiting for a mark, oldest first" in page
    assert "Essay 100</td>" in page
    assert "Essay 101" not in page
    assert "2 more answers wait behind these" in page


def test_queue_says_nothing_of_more_answers_when_all_are_shown(trainer_client, essay_attempt):
    assert "more answer" not in trainer_client.get("/assess/").get_data(as_text=True)


def test_queue_lists_an_essay_whose_time_ran_out(
    db_session, trainer_client, make_quiz, course, trainee
):
    timed = make_quiz(
        course=course, questions=[ESSAY], slug="timed", title="Timed", time_limit_minutes=5
    )
    attempt = take_quiz(db_session, timed, trainee, {0: {"text": "Cut short."}}, submit=False)
    run_out_of_time(db_session, attempt)
    page = trainer_client.get("/assess/").get_data(as_text=True)
    assert f'href="/assess/answers/{attempt.items[0].id}"' in page


def test_queue_issues_as_many_queries_for_4_courses_as_for_1(
    db_session, app, admin, make_account, make_course, make_quiz, count_queries
):
    counts = []
    for group, course_count in (("few", 1), ("many", 4)):
        trainer = make_account(Role.TRAINER)
        client = app.test_client()
        sign_in(client, trainer)
        for number in range(course_count):
            course = make_course(f"{group}-{number}", title=f"{group} {number}")
            teaching.assign_trainer(db_session, course, trainer, actor=admin, now=utcnow())
            db_session.commit()
            quiz = make_quiz(course=course, questions=[ESSAY], title=f"Quiz {group} {number}")
            take_quiz(db_session, quiz, make_account(), {0: {"text": "An answer."}})
        with count_queries() as queue_page:
            page = client.get("/assess/").get_data(as_text=True)
        assert f"Quiz {group} {course_count - 1}" in page
        counts.append(queue_page.count)
    assert counts[0] == counts[1]
