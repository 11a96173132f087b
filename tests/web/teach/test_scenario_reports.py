"""The trainer's course page links to the cohort report of each of the course's scenarios."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in
from tests.roleplay_specs import LIVE, SCENARIO, WRITTEN

COURSE_PAGE = "/teach/courses/negotiation"


def report_link(roleplay) -> str:
    return f'href="/assess/roleplays/{roleplay.id}/report"'


@pytest.fixture
def trainer_client(client, trainer):
    sign_in(client, trainer)
    return client


def test_course_page_links_to_the_report_of_each_scenario(trainer_client, make_roleplay, course):
    water = make_roleplay(SCENARIO, course=course, slug="water")
    wells = make_roleplay({**SCENARIO, "title": "Wells for the north"}, course=course, slug="wells")
    html = trainer_client.get(COURSE_PAGE).get_data(as_text=True)
    assert 'aria-label="Scenario reports of Negotiation basics"' in html
    assert report_link(water) in html
    assert report_link(wells) in html
    assert "Scenario report: Wells for the north" in html


def test_course_page_links_no_report_of_written_or_live_roleplays(
    trainer_client, make_roleplay, course
):
    clause = make_roleplay(WRITTEN, course=course, slug="clause")
    standpipes = make_roleplay(LIVE, course=course, slug="standpipes")
    html = trainer_client.get(COURSE_PAGE).get_data(as_text=True)
    assert report_link(clause) not in html
    assert report_link(standpipes) not in html
    assert "Scenario reports of" not in html


def test_course_page_leaves_out_unpublished_scenarios(
    db_session, trainer_client, make_roleplay, course
):
    water = make_roleplay(SCENARIO, course=course, slug="water")
    water.is_published = False
    db_session.commit()
    html = trainer_client.get(COURSE_PAGE).get_data(as_text=True)
    assert report_link(water) not in html


def test_course_page_queries_do_not_grow_with_the_scenarios(
    trainer_client, make_roleplay, course, count_queries
):
    make_roleplay(SCENARIO, course=course, slug="water")
    with count_queries() as one:
        assert trainer_client.get(COURSE_PAGE).status_code == 200
    for number in range(4):
        make_roleplay(
            {**SCENARIO, "title": f"Scenario {number}"}, course=course, slug=f"scenario-{number}"
        )
    with count_queries() as five:
        html = trainer_client.get(COURSE_PAGE).get_data(as_text=True)
    assert html.count("Scenario report: ") == 5
    assert five.count == one.count
