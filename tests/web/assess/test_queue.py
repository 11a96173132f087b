"""The marking queue: essays waiting for a mark, in the courses the trainer teaches."""

from __future__ import annotations

from datetime import timedelta

from lms.models import utcnow
from tests.conftest import sign_in, take_quiz
from tests.web.assess.conftest import ESSAY


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
