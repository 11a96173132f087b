"""Assessing written role-plays: the queue, the rubric form, history, and a stale form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.models import AuditEvent, Role, RoleplayOutcome, RubricAssessment, utcnow
from lms.services import enrolment, written_roleplays
from lms.services.assessment import Marks
from tests.conftest import post_form, sign_in
from tests.roleplay_specs import WRITTEN

STRONG = {"level-clarity": "strong", "level-risk": "full"}
WEAK = {"clarity": "weak", "risk": "partial"}  # 20%


@pytest.fixture
def roleplay(make_roleplay, course):
    return make_roleplay(WRITTEN, course=course, slug="clause")


@pytest.fixture
def submit(db_session, roleplay):
    """Enrol a trainee and store their answer (number ``number``) through the service."""

    def send(trainee, *, number=1, answer="Each party carries the delays it causes.", at=None):
        enrolment.enrol(db_session, trainee, roleplay.course, now=utcnow())
        submission = written_roleplays.submit(
            db_session,
            roleplay,
            trainee,
            number=number,
            answer=answer,
            reflection="I left out force majeure.",
            now=at or utcnow(),
        )
        db_session.commit()
        return submission

    return send


def assess(db_session, submission, assessor, *, number=1, asks_resubmission=False, **details):
    """Record an assessment of ``submission`` through the service, committed."""
    marks = Marks(levels=WEAK, comments={}, asks_resubmission=asks_resubmission, **details)
    written_roleplays.assess(
        db_session, submission, marks=marks, number=number, assessor=assessor, now=utcnow()
    )
    db_session.commit()


def url_of(submission) -> str:
    return f"/assess/submissions/{submission.id}"


def recorded(db_session) -> list[RubricAssessment]:
    db_session.expire_all()
    return list(db_session.scalars(select(RubricAssessment).order_by(RubricAssessment.number)))


def test_queue_lists_a_submission_awaiting_assessment(trainer_client, submit, trainee):
    submission = submit(trainee)
    page = trainer_client.get("/assess/written").get_data(as_text=True)
    assert '<th scope="row">Rosa Trainee</th>' in page
    assert "<td>Draft the risk-sharing clause</td>" in page
    assert "<td>Negotiation basics</td>" in page
    assert "<td>First</td>" in page
    assert f'href="{url_of(submission)}"' in page


def test_queue_names_a_resubmission(db_session, trainer_client, submit, trainee, admin):
    assess(db_session, submit(trainee), admin, asks_resubmission=True)
    submit(trainee, number=2, answer="Better.")
    page = trainer_client.get("/assess/written").get_data(as_text=True)
    assert "<td>Resubmission 1</td>" in page


def test_queue_leaves_out_courses_the_trainer_does_not_teach(
    trainer_client, make_course, make_roleplay, make_account, db_session
):
    elsewhere = make_roleplay(WRITTEN, course=make_course("elsewhere"), slug="far")
    someone = make_account(display_name="Far Away")
    enrolment.enrol(db_session, someone, elsewhere.course, now=utcnow())
    written_roleplays.submit(db_session, elsewhere, someone, number=1, answer="A.", now=utcnow())
    db_session.commit()
    page = trainer_client.get("/assess/written").get_data(as_text=True)
    assert "Far Away" not in page
    assert "No written answer is awaiting assessment." in page


def test_queue_lists_the_oldest_first(trainer_client, submit, make_account):
    submit(make_account(display_name="Late Larry"))
    submit(make_account(display_name="Early Eve"), at=utcnow() - timedelta(hours=1))
    page = trainer_client.get("/assess/written").get_data(as_text=True)
    assert page.index("Early Eve") < page.index("Late Larry")


def test_queue_issues_as_many_queries_for_4_submissions_as_for_1(
    trainer_client, submit, make_account, count_queries
):
    counts = []
    for added in (1, 3):
        for _ in range(added):
            submit(make_account())
        with count_queries() as counter:
            page = trainer_client.get("/assess/written").get_data(as_text=True)
        counts.append(counter.count)
    assert "4 written answers awaiting assessment" in page
    assert counts[0] == counts[1]


def test_course_page_of_the_trainer_links_the_written_queue(trainer_client, course):
    page = trainer_client.get(f"/teach/courses/{course.slug}").get_data(as_text=True)
    assert 'href="/assess/written"' in page


def test_submission_page_shows_the_answer_reflection_and_rubric_form(
    trainer_client, submit, trainee
):
    page = trainer_client.get(url_of(submit(trainee))).get_data(as_text=True)
    assert "<h1>Assess the answer of Rosa Trainee</h1>" in page
    assert '<div class="essay-answer">Each party carries the delays it causes.</div>' in page
    assert '<div class="essay-answer">I left out force majeure.</div>' in page
    assert '<legend>Clarity of language <span class="muted">(weight 60)</span></legend>' in page
    assert 'type="radio" value="strong"' in page
    assert '<label for="level-clarity-2">Strong (4 points): Plain and exact.</label>' in page
    assert '<label for="comment-risk">Comment on “Risk allocation”</label>' in page
    assert 'name="number" type="hidden" value="1"' in page


def test_assessing_records_it_audits_it_and_updates_the_outcome(
    db_session, trainer_client, trainer, submit, trainee, roleplay
):
    form = STRONG | {"comment-risk": "Each risk has an owner.", "overall_comment": "Well done."}
    response = post_form(trainer_client, url_of(submit(trainee)), {"number": 1, **form})
    assert response.status_code == 302
    assert response.headers["Location"] == "/assess/written"
    [assessment] = recorded(db_session)
    assert (assessment.assessor_id, assessment.percent) == (trainer.id, Decimal(100))
    assert assessment.comments["risk"] == "Each risk has an owner."
    assert db_session.get(RoleplayOutcome, (roleplay.id, trainee.id)).is_passed
    assert db_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "roleplay.assessed")
    ).one()


def test_missing_levels_are_errors_on_their_fieldsets_and_keep_the_comments(
    db_session, trainer_client, submit, trainee
):
    data = {"number": 1, "level-risk": "full", "comment-clarity": "Too much jargon."}
    response = post_form(trainer_client, url_of(submit(trainee)), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'aria-describedby="level-clarity-error"' in page
    assert "Choose a level for “Clarity of language”." in page
    assert '<input checked id="level-risk-2"' in page
    assert "Too much jargon.</textarea>" in page
    assert recorded(db_session) == []


def test_an_unknown_level_is_an_error_on_its_fieldset(db_session, trainer_client, submit, trainee):
    data = {"number": 1, "level-clarity": "dazzling", "level-risk": "full"}
    page = post_form(trainer_client, url_of(submit(trainee)), data).get_data(as_text=True)
    assert 'id="level-clarity-error">Choose a level for “Clarity of language”.</p>' in page
    assert recorded(db_session) == []


def test_sending_the_form_twice_records_one_assessment(db_session, trainer_client, submit, trainee):
    url = url_of(submit(trainee))
    post_form(trainer_client, url, {"number": 1, **STRONG})
    post_form(trainer_client, url, {"number": 1, **STRONG})
    assert len(recorded(db_session)) == 1


def test_a_stale_form_shows_the_other_assessment_and_keeps_what_was_entered(
    db_session, trainer_client, submit, trainee, admin
):
    submission = submit(trainee)
    assess(db_session, submission, admin, overall_comment="Not yet.")
    data = {"number": 1, **STRONG, "overall_comment": "My careful view."}
    response = post_form(trainer_client, url_of(submission), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Someone else assessed this work while you were assessing it" in page
    assert "By Alex Admin" in page
    assert "Not yet." in page
    assert "My careful view.</textarea>" in page
    assert 'name="number" type="hidden" value="2"' in page
    assert [one.assessor_id for one in recorded(db_session)] == [admin.id]


def test_an_assessed_answer_says_recording_again_adds_the_next_assessment(
    db_session, trainer_client, submit, trainee, admin
):
    submission = submit(trainee)
    before = trainer_client.get(url_of(submission)).get_data(as_text=True)
    assess(db_session, submission, admin)
    after = trainer_client.get(url_of(submission)).get_data(as_text=True)
    assert "This answer has been assessed already" not in before
    assert "recording again adds assessment 2, which then decides." in after


def test_the_page_shows_earlier_submissions_and_all_their_assessments(
    db_session, trainer_client, submit, trainee, admin
):
    first = submit(trainee, answer="First try.")
    assess(db_session, first, admin)
    assess(db_session, first, admin, number=2, asks_resubmission=True)
    second = submit(trainee, number=2, answer="Second try.")
    page = trainer_client.get(url_of(second)).get_data(as_text=True)
    assert "Submission 1</h3>" in page
    assert "First try." in page
    assert "Assessment 2: 20%," in page
    assert "Assessment 1: 20%," in page
    assert "Not assessed yet." in page


def test_a_superseded_submission_links_to_the_newer_one(
    db_session, trainer_client, submit, trainee, admin
):
    first = submit(trainee)
    assess(db_session, first, admin, asks_resubmission=True)
    second = submit(trainee, number=2, answer="Second try.")
    page = trainer_client.get(url_of(first)).get_data(as_text=True)
    assert f'<a href="{url_of(second)}">assess submission 2</a>' in page
    assert 'type="radio"' not in page


def test_a_trainer_of_another_course_is_refused(client, make_account, submit, trainee):
    sign_in(client, make_account(Role.TRAINER))
    assert client.get(url_of(submit(trainee))).status_code == 403


def test_an_unknown_submission_is_not_found(trainer_client):
    assert trainer_client.get("/assess/submissions/999999").status_code == 404


def test_submission_page_issues_as_many_queries_with_3_earlier_answers_as_with_1(
    db_session, trainer_client, submit, trainee, admin, count_queries
):
    counts = []
    for number in (1, 2, 3, 4):
        submission = submit(trainee, number=number, answer=f"Try {number}.")
        assess(db_session, submission, admin, asks_resubmission=True)
        if number in (2, 4):
            with count_queries() as counter:
                trainer_client.get(url_of(submission))
            counts.append(counter.count)
    assert counts[0] == counts[1]


def test_a_form_without_its_number_asks_to_record_again(
    db_session, trainer_client, submit, trainee
):
    page = post_form(trainer_client, url_of(submit(trainee)), STRONG).get_data(as_text=True)
    assert "This form was out of date" in page
    assert 'name="number" type="hidden" value="1"' in page
    assert recorded(db_session) == []
