"""Trainee pages of pathways: stages with bars and evidence, the next step, the ethics page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import EthicsSignature, utcnow
from lms.services import progress
from tests.conftest import post_form
from tests.services.test_approvals import approval_spec


@pytest.fixture
def course(make_course):
    return make_course("basics", modules=1, lessons_per_module=2)


@pytest.fixture
def pathway(make_pathway, course):
    return make_pathway(approval_spec(), slug="broker")


def test_the_pathway_page_shows_each_stage_bar_evidence_and_the_next_step(
    trainee_client, db_session, trainee, course, pathway, enrol
):
    enrol(trainee, course)
    progress.complete_lesson(db_session, trainee, course, "lesson-1-1", now=utcnow())
    db_session.commit()
    page = trainee_client.get("/pathways/broker").get_data(as_text=True)
    assert '<h2 id="stage-foundation">Foundation' in page
    assert (
        '<progress max="100" value="50" aria-label="Progress on Complete the course basics">'
        in page
    )
    assert "1 of 2 lessons completed" in page
    assert 'Next step:\n    <a href="/courses/basics">Complete the course basics</a>' in page


def test_the_list_shows_the_current_stage(trainee_client, pathway):
    page = trainee_client.get("/pathways").get_data(as_text=True)
    assert '<a href="/pathways/broker">Broker accreditation</a>' in page
    assert "Current stage: Foundation" in page


def test_the_dashboard_shows_the_pathway_at_a_glance(trainee_client, pathway):
    page = trainee_client.get("/").get_data(as_text=True)
    assert 'aria-label="Progress in Accredited"' in page
    assert "Complete the course basics" in page


def test_an_unknown_pathway_is_not_found(trainee_client, pathway):
    assert trainee_client.get("/pathways/nowhere").status_code == 404


def test_the_ethics_page_renders_the_commitment_and_a_name_field(trainee_client, pathway):
    page = trainee_client.get("/pathways/broker/ethics").get_data(as_text=True)
    assert "<p>I will broker honestly.</p>" in page
    assert '<label for="typed_name">Type your full name to sign</label>' in page


def test_a_wrong_name_is_shown_on_the_field(trainee_client, db_session, pathway):
    response = post_form(trainee_client, "/pathways/broker/ethics", {"typed_name": "Someone"})
    assert response.status_code == 200
    assert "Type your name exactly as your account shows it: Rosa Trainee." in response.get_data(
        as_text=True
    )
    assert db_session.scalar(select(func.count(EthicsSignature.id))) == 0


def test_signing_shows_the_signature_and_meets_the_requirement(trainee_client, db_session, pathway):
    response = post_form(
        trainee_client, "/pathways/broker/ethics", {"typed_name": " rosa trainee "}
    )
    assert response.status_code == 302
    page = trainee_client.get("/pathways/broker/ethics").get_data(as_text=True)
    assert "<dd>rosa trainee</dd>" in page
    assert f"<code>{pathway.current_version.ethics_hash}</code>" in page
    assert "Signed by rosa trainee on" in trainee_client.get("/pathways/broker").get_data(
        as_text=True
    )
