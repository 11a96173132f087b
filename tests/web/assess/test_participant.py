"""Assessing a player of a live session: the page, recording marks, and what counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.models import Role, RubricAssessment, utcnow
from lms.services import assessment, enrolment, live_observations, live_sessions, roleplay_outcomes
from tests.conftest import post_form, sign_in
from tests.roleplay_specs import LIVE

STRONG = {"level-clarity": "strong", "level-risk": "full"}
WEAK = {"level-clarity": "weak", "level-risk": "absent"}


@pytest.fixture
def live(db_session, make_account, make_roleplay, course, trainer):
    """A session that began an hour ago: Ana plays the company, Ben the community, Cy observes;
    Cy noted a strength of Ana's."""
    cast = {}
    for name in ("Ana", "Ben", "Cy"):
        cast[name] = make_account(display_name=name)
        enrolment.enrol(db_session, cast[name], course, now=utcnow())
    session = live_sessions.schedule(
        db_session,
        make_roleplay(LIVE, course=course, slug="standpipes"),
        request_key="standpipes",
        scheduled_for=utcnow() - timedelta(hours=1),
        casting={cast["Ana"].id: "company", cast["Ben"].id: "community", cast["Cy"].id: None},
        scheduled_by=trainer,
        now=utcnow(),
    )
    live_observations.add_observation(
        db_session,
        session,
        request_key="budget-cap",
        observer=cast["Cy"],
        subject_id=session.participants[0].id,
        criterion="clarity",
        kind="strength",
        note="Named the budget cap without giving it away.",
        now=utcnow(),
    )
    db_session.commit()
    return session


@pytest.fixture
def ana(live):
    return live.participants[0]


def url(participant) -> str:
    return f"/assess/participants/{participant.id}"


def assess(client, participant, levels, number=1):
    return post_form(client, url(participant), {"number": number, **levels})


def test_page_shows_the_player_their_party_the_observations_and_the_rubric(trainer_client, ana):
    html = trainer_client.get(url(ana)).get_data(as_text=True)
    assert "<h1>Assess Ana</h1>" in html
    assert "Ana plays Bottling company" in html
    assert LIVE["parties"][0]["brief"] in html
    assert "Named the budget cap without giving it away." in html
    assert 'name="level-clarity"' in html
    assert "Not assessed yet." in html


def test_page_shows_no_other_partys_brief(trainer_client, ana):
    assert LIVE["parties"][1]["brief"] not in trainer_client.get(url(ana)).get_data(as_text=True)


def test_assessing_records_the_assessment_and_the_outcome(db_session, trainer_client, ana, live):
    response = assess(trainer_client, ana, STRONG)
    assert response.headers["Location"] == f"/teach/live/{live.id}"
    recorded = db_session.scalars(select(RubricAssessment)).one()
    assert (recorded.participant_id, recorded.percent) == (ana.id, Decimal(100))
    outcome = roleplay_outcomes.outcome_of(db_session, live.roleplay, ana.account)
    assert outcome.is_passed


def test_the_latest_assessment_decides(db_session, trainer_client, ana, live):
    assess(trainer_client, ana, STRONG, number=1)
    assess(trainer_client, ana, WEAK, number=2)
    db_session.expire_all()
    outcome = roleplay_outcomes.outcome_of(db_session, live.roleplay, ana.account)
    assert (outcome.is_passed, outcome.percent) == (False, Decimal(0))


def test_a_form_sent_twice_records_one_assessment(db_session, trainer_client, ana):
    assess(trainer_client, ana, STRONG)
    assess(trainer_client, ana, STRONG)
    assert len(db_session.scalars(select(RubricAssessment)).all()) == 1


def test_assessment_history_shows_on_the_page(trainer_client, ana):
    assess(trainer_client, ana, WEAK)
    html = trainer_client.get(url(ana)).get_data(as_text=True)
    assert "Assessment 1: 0%" in html
    assert 'name="number" type="hidden" value="2"' in html


def test_a_missing_level_is_a_field_error(db_session, trainer_client, ana):
    response = assess(trainer_client, ana, {"level-clarity": "strong"})
    assert response.status_code == 200
    assert "Choose a level for “Risk allocation”." in response.get_data(as_text=True)
    assert db_session.scalars(select(RubricAssessment)).all() == []


def test_someone_elses_assessment_meanwhile_is_shown_not_overruled(
    db_session, client, trainer_client, ana, make_account
):
    assess(trainer_client, ana, STRONG)
    sign_in(client, make_account(Role.ADMIN))
    response = assess(client, ana, WEAK, number=1)
    html = response.get_data(as_text=True)
    assert "Someone else assessed this work" in html
    assert 'value="2"' in html
    assert len(db_session.scalars(select(RubricAssessment)).all()) == 1


def test_observers_are_not_assessed(trainer_client, live):
    observer = live.participants[2]
    assert trainer_client.get(url(observer)).status_code == 404


def test_trainers_of_other_courses_are_refused(client, make_account, ana):
    sign_in(client, make_account(Role.TRAINER))
    assert client.get(url(ana)).status_code == 403
    assert assess(client, ana, STRONG).status_code == 403


def test_players_are_assessed_once_the_session_begins(db_session, trainer_client, ana, live):
    live.scheduled_for = utcnow() + timedelta(days=1)
    db_session.commit()
    html = trainer_client.get(url(ana)).get_data(as_text=True)
    assert "You can assess Ana once the session begins." in html
    response = assess(trainer_client, ana, STRONG)
    assert "You can assess Ana once the session begins." in response.get_data(as_text=True)
    assert db_session.scalars(select(RubricAssessment)).all() == []


def test_a_forged_request_for_resubmission_is_not_stored(db_session, trainer_client, ana):
    assess(trainer_client, ana, STRONG | {"asks_resubmission": "y"})
    assert not db_session.scalars(select(RubricAssessment)).one().asks_resubmission


def test_page_queries_do_not_grow_with_assessments_by_different_assessors(
    db_session, trainer_client, ana, make_account, count_queries
):
    marks = assessment.Marks(levels={"clarity": "strong", "risk": "full"}, comments={})

    def assess_by_someone_new(number: int) -> None:
        live_sessions.assess_participant(
            db_session,
            ana,
            marks=marks,
            number=number,
            assessor=make_account(Role.ADMIN),
            now=utcnow(),
        )
        db_session.commit()

    assess_by_someone_new(1)
    with count_queries() as one:
        trainer_client.get(url(ana))
    for number in range(2, 6):
        assess_by_someone_new(number)
    with count_queries() as five:
        html = trainer_client.get(url(ana)).get_data(as_text=True)
    assert "Assessment 5: 100%" in html
    assert five.count == one.count
