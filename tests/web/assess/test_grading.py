"""Marking an essay: the page, the mark and comment, and what changes at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.models import AttemptItem, AuditEvent, QuizGrade, Role
from tests.conftest import post_form, sign_in, take_quiz


def essay_url(attempt) -> str:
    return f"/assess/answers/{attempt.items[1].id}"


def test_grading_page_shows_the_question_the_answer_and_the_grader_information(
    trainer_client, essay_attempt
):
    page = trainer_client.get(essay_url(essay_attempt)).get_data(as_text=True)
    assert "<h1>Mark the answer of Rosa Trainee</h1>" in page
    assert "Reflect on a <strong>partnership</strong> you know." in page
    assert '<div class="essay-answer">We shared the risks.\nAnd the credit.</div>' in page
    assert "Look for <em>mutual benefit</em>." in page
    assert "From 0 to 4." in page


def test_grading_an_essay_updates_the_attempt_and_the_trainees_grade_at_once(
    db_session, trainer_client, essay_attempt, quiz, trainee
):
    response = post_form(
        trainer_client, essay_url(essay_attempt), {"mark": "3", "comment": "Well argued."}
    )
    assert response.status_code == 302
    db_session.expire_all()
    essay = db_session.get(AttemptItem, essay_attempt.items[1].id)
    assert (essay.mark, essay.grader_comment) == (Decimal(3), "Well argued.")
    assert essay.attempt.mark == Decimal(4)
    assert db_session.get(QuizGrade, (quiz.id, trainee.id)).percent == Decimal(80)


def test_grading_an_essay_writes_an_audit_record(db_session, trainer_client, essay_attempt):
    post_form(trainer_client, essay_url(essay_attempt), {"mark": "2.5", "comment": ""})
    event = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "answer.graded")).one()
    assert event.before["mark"] is None
    assert event.after["mark"] == "2.5"


def test_marked_essay_leaves_the_queue(trainer_client, essay_attempt):
    post_form(trainer_client, essay_url(essay_attempt), {"mark": "4"})
    assert "No answer is waiting for a mark." in trainer_client.get("/assess/").get_data(
        as_text=True
    )


def test_mark_above_the_maximum_is_a_field_error_and_changes_nothing(
    db_session, trainer_client, essay_attempt
):
    response = post_form(trainer_client, essay_url(essay_attempt), {"mark": "5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="mark-error">Give a mark from 0 to 4.</p>' in page
    assert 'aria-invalid="true"' in page
    db_session.expire_all()
    assert db_session.get(AttemptItem, essay_attempt.items[1].id).mark is None
    assert (
        db_session.scalars(select(AuditEvent).where(AuditEvent.action == "answer.graded")).all()
        == []
    )


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        ("", "Enter a mark."),
        ("lots", "Enter the mark as a number, such as 3 or 2.5."),
        ("NaN", "Enter the mark as a number, such as 3 or 2.5."),
        ("-1", "The mark cannot be below 0."),
        ("1.23456", "Give the mark with at most 4 decimal places."),
    ],
)
def test_mark_that_is_no_mark_is_a_field_error(
    db_session, trainer_client, essay_attempt, mark, message
):
    page = post_form(trainer_client, essay_url(essay_attempt), {"mark": mark}).get_data(
        as_text=True
    )
    assert f'id="mark-error">{message}</p>' in page
    db_session.expire_all()
    assert db_session.get(AttemptItem, essay_attempt.items[1].id).mark is None


def test_trainer_of_another_course_may_not_mark_its_essays(client, make_account, essay_attempt):
    sign_in(client, make_account(Role.TRAINER))
    assert client.get(essay_url(essay_attempt)).status_code == 403
    assert post_form(client, essay_url(essay_attempt), {"mark": "1"}).status_code == 403


def test_automatically_marked_answer_has_no_grading_page(trainer_client, essay_attempt):
    url = f"/assess/answers/{essay_attempt.items[0].id}"
    assert trainer_client.get(url).status_code == 404


def test_trainer_of_another_course_learns_nothing_of_an_automatically_marked_answer(
    client, make_account, essay_attempt
):
    sign_in(client, make_account(Role.TRAINER))
    url = f"/assess/answers/{essay_attempt.items[0].id}"
    assert client.get(url).status_code == 403


def test_unknown_answer_is_not_found(trainer_client):
    assert trainer_client.get("/assess/answers/999999").status_code == 404


def test_essay_of_an_attempt_in_progress_cannot_be_marked(
    db_session, trainer_client, quiz, trainee
):
    attempt = take_quiz(db_session, quiz, trainee, {1: {"text": "Draft."}}, submit=False)
    response = post_form(trainer_client, essay_url(attempt), {"mark": "1"})
    assert response.status_code == 403
    db_session.expire_all()
    assert db_session.get(AttemptItem, attempt.items[1].id).mark is None
