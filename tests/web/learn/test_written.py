"""A written role-play in the browser: reading the brief and rubric, submitting, the assessments."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Role, WrittenSubmission, utcnow
from lms.services import written_roleplays
from lms.services.assessment import Marks
from tests.conftest import post_form
from tests.roleplay_specs import SCENARIO, WRITTEN, spec

ANSWER = "The utility carries delays it causes;\nthe bottler carries its own."


@pytest.fixture
def roleplay(make_course, make_roleplay):
    course = make_course("negotiation", title="Negotiation basics")
    brief = "Draft the clause for **late** pipelines."
    return make_roleplay(spec(WRITTEN, brief=brief), course=course, slug="clause")


@pytest.fixture
def enrolled(trainee, roleplay, enrol):
    enrol(trainee, roleplay.course)
    return trainee


@pytest.fixture
def assessor(make_account):
    return make_account(Role.ADMIN, display_name="Alex Admin")


def page_url(roleplay) -> str:
    return f"/roleplays/{roleplay.id}/written"


def submit(client, roleplay, number: int = 1, answer: str = ANSWER, reflection: str = ""):
    data = {"number": number, "answer": answer, "reflection": reflection}
    return post_form(client, f"/roleplays/{roleplay.id}/submissions", data)


def assess(db_session, assessor, marks: Marks, number: int = 1) -> None:
    submission = db_session.scalars(
        select(WrittenSubmission).order_by(WrittenSubmission.number.desc())
    ).first()
    written_roleplays.assess(
        db_session, submission, marks=marks, number=number, assessor=assessor, now=utcnow()
    )
    db_session.commit()


def stored(db_session) -> list[WrittenSubmission]:
    db_session.expire_all()
    return list(db_session.scalars(select(WrittenSubmission)))


def test_page_shows_the_role_the_brief_in_markdown_and_the_rubric(
    trainee_client, enrolled, roleplay
):
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert "You broker a partnership between a bottler and a water utility." in page
    assert "Draft the clause for <strong>late</strong> pipelines." in page
    assert 'Clarity of language <span class="muted">(weight 60)</span>' in page
    assert "<strong>Strong</strong> (4 of 4 points): Plain and exact." in page
    assert "you pass with 60% or more" in page


def test_page_offers_the_form_with_the_reflection_prompt_as_hint(
    trainee_client, enrolled, roleplay
):
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert f'action="/roleplays/{roleplay.id}/submissions"' in page
    assert '<label for="answer">Your answer</label>' in page
    assert 'id="reflection-hint">What did you leave out, and why?</p>' in page
    assert 'name="number" type="hidden" value="1"' in page


def test_page_of_a_course_not_taken_asks_to_enrol(trainee_client, roleplay):
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert "Enrol in Negotiation basics to submit an answer." in page
    assert "/submissions" not in page


def test_submitting_stores_the_answer_and_redirects_to_the_page(
    db_session, trainee_client, enrolled, roleplay
):
    response = submit(trainee_client, roleplay, reflection="I left out force majeure.")
    assert response.status_code == 302
    assert response.headers["Location"] == page_url(roleplay)
    [submission] = stored(db_session)
    assert (submission.answer, submission.reflection) == (ANSWER, "I left out force majeure.")


def test_after_submitting_the_page_says_it_awaits_assessment_and_offers_no_form(
    trainee_client, enrolled, roleplay
):
    submit(trainee_client, roleplay)
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert "your submission 1 is awaiting assessment." in page
    assert "Submission 1</h3>" in page
    assert "the bottler carries its own." in page
    assert "/submissions" not in page


def test_submitting_twice_stores_one(db_session, trainee_client, enrolled, roleplay):
    submit(trainee_client, roleplay)
    submit(trainee_client, roleplay)
    assert len(stored(db_session)) == 1


def test_an_empty_answer_is_a_field_error(db_session, trainee_client, enrolled, roleplay):
    response = submit(trainee_client, roleplay, answer="", reflection="My thoughts.")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="answer-error">Write your answer before you submit it.</p>' in page
    assert "My thoughts.</textarea>" in page
    assert stored(db_session) == []


def test_an_overlong_answer_keeps_the_text_typed(db_session, trainee_client, enrolled, roleplay):
    page = submit(trainee_client, roleplay, answer="word " * 4_001).get_data(as_text=True)
    assert "Keep your answer to 20,000 characters." in page
    assert "word word word" in page
    assert stored(db_session) == []


def test_a_stale_page_keeps_the_text_and_says_why(db_session, trainee_client, enrolled, roleplay):
    submit(trainee_client, roleplay)
    page = submit(trainee_client, roleplay, answer="From another tab.").get_data(as_text=True)
    assert "You have already sent submission 1" in page
    assert '<div class="essay-answer">From another tab.</div>' in page
    assert len(stored(db_session)) == 1


def test_a_huge_number_keeps_the_text_and_says_the_page_was_out_of_date(
    db_session, trainee_client, enrolled, roleplay
):
    response = submit(trainee_client, roleplay, number=99999999999999999999999)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This page was out of date" in page
    assert "the bottler carries its own.</textarea>" in page
    assert stored(db_session) == []


def test_an_answer_sent_after_the_roleplay_was_withdrawn_keeps_the_text(
    db_session, trainee_client, enrolled, roleplay
):
    roleplay.is_published = False
    db_session.commit()
    response = submit(trainee_client, roleplay)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This role-play has been withdrawn; it takes no more answers." in page
    assert "It was not stored. Copy it if you want to keep it." in page
    assert "the bottler carries its own.</div>" in page
    assert stored(db_session) == []


def test_an_answer_to_a_scenario_is_not_found(trainee_client, make_roleplay, roleplay):
    scenario = make_roleplay(SCENARIO, course=roleplay.course, slug="water")
    assert submit(trainee_client, scenario).status_code == 404


def test_trainee_sees_the_assessment_with_descriptors_and_comments(
    db_session, trainee_client, enrolled, roleplay, assessor
):
    submit(trainee_client, roleplay)
    marks = Marks(
        levels={"clarity": "strong", "risk": "partial"},
        comments={"risk": "Name who pays for delays."},
        overall_comment="A clear start.",
    )
    assess(db_session, assessor, marks)
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert "Assessment 1: 80%," in page
    assert "passed, with 80%." in page
    assert "<td>Partial (1 of 2 points)</td>" in page
    assert "<td>Some risks.</td>" in page
    assert "Name who pays for delays." in page
    assert "A clear start." in page
    assert "By Alex Admin" in page


def test_a_resubmission_asked_for_reopens_the_form(
    db_session, trainee_client, enrolled, roleplay, assessor
):
    submit(trainee_client, roleplay)
    weak = {"clarity": "weak", "risk": "partial"}
    assess(db_session, assessor, Marks(levels=weak, comments={}, asks_resubmission=True))
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert "a trainer has asked you to resubmit" in page
    assert "A resubmission is asked for." in page
    assert "Send a new answer" in page
    assert 'name="number" type="hidden" value="2"' in page


def test_every_submission_and_assessment_stays_on_the_page(
    db_session, trainee_client, enrolled, roleplay, assessor
):
    submit(trainee_client, roleplay, answer="First try.")
    weak = {"clarity": "weak", "risk": "absent"}
    assess(db_session, assessor, Marks(levels=weak, comments={}, asks_resubmission=True))
    submit(trainee_client, roleplay, number=2, answer="Second try.")
    strong = {"clarity": "strong", "risk": "full"}
    assess(db_session, assessor, Marks(levels=strong, comments={}))
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert page.index("Second try.") < page.index("First try.")
    assert "Assessment 1: 100%," in page
    assert "Assessment 1: 0%," in page
    assert "passed, with 100%." in page


def test_not_passed_says_the_pass_mark(db_session, trainee_client, enrolled, roleplay, assessor):
    submit(trainee_client, roleplay)
    assess(db_session, assessor, Marks(levels={"clarity": "fair", "risk": "absent"}, comments={}))
    page = trainee_client.get(page_url(roleplay)).get_data(as_text=True)
    assert "not passed, with 30% (the pass mark is 60%)." in page


def test_a_scenario_has_no_written_page(trainee_client, make_roleplay, roleplay):
    scenario = make_roleplay(SCENARIO, course=roleplay.course, slug="water")
    assert trainee_client.get(page_url(scenario)).status_code == 404


def test_a_withdrawn_roleplay_has_no_page(db_session, trainee_client, roleplay):
    roleplay.is_published = False
    db_session.commit()
    assert trainee_client.get(page_url(roleplay)).status_code == 404


def test_page_issues_as_many_queries_for_3_submissions_as_for_1(
    db_session, trainee_client, enrolled, roleplay, assessor, count_queries
):
    counts = []
    for number in (1, 2, 3):
        submit(trainee_client, roleplay, number=number, answer=f"Try {number}.")
        weak = {"clarity": "weak", "risk": "absent"}
        assess(db_session, assessor, Marks(levels=weak, comments={}, asks_resubmission=True))
        with count_queries() as counter:
            trainee_client.get(page_url(roleplay))
        counts.append(counter.count)
    assert counts[0] == counts[2]
    assert db_session.scalar(select(func.count(WrittenSubmission.id))) == 3


def test_a_form_without_its_number_asks_to_send_again(
    db_session, trainee_client, enrolled, roleplay
):
    data = {"answer": ANSWER}
    page = post_form(trainee_client, f"/roleplays/{roleplay.id}/submissions", data)
    text = page.get_data(as_text=True)
    assert "This page was out of date" in text
    assert "the bottler carries its own.</textarea>" in text
    assert stored(db_session) == []
