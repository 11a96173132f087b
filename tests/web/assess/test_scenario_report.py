"""A scenario's cohort report for its trainers, and any trainee's path through it."""

from __future__ import annotations

import pytest

from lms.models import Account, Role, Roleplay, ScenarioPlay, utcnow
from lms.services import enrolment, scenario_play
from tests.conftest import sign_in
from tests.roleplay_specs import SCENARIO, WRITTEN


@pytest.fixture
def scenario(make_roleplay, course) -> Roleplay:
    return make_roleplay(SCENARIO, course=course)


def played(db_session, scenario: Roleplay, trainee: Account, choices: list[str]) -> ScenarioPlay:
    """A play of ``trainee`` (enrolled if need be) through ``choices``, committed."""
    if enrolment.find(db_session, trainee, scenario.course) is None:
        enrolment.enrol(db_session, trainee, scenario.course, now=utcnow())
    play = scenario_play.start_play(db_session, scenario, trainee=trainee, now=utcnow())
    for step, choice in enumerate(choices):
        scenario_play.choose(db_session, play, step=step, choice_id=choice, now=utcnow())
    db_session.commit()
    return play


def report_url(scenario: Roleplay) -> str:
    return f"/assess/roleplays/{scenario.id}/report"


def test_report_counts_the_replies_taken_at_each_node(
    db_session, trainer_client, scenario, trainee, make_account
):
    played(db_session, scenario, trainee, ["listen", "lifeline"])
    played(db_session, scenario, make_account(), ["propose"])
    page = trainer_client.get(report_url(scenario)).get_data(as_text=True)
    assert "<caption>Opening the meeting: 2 replies</caption>" in page
    listen = page.index('<th scope="row">Ask each side what a good outcome looks like')
    assert "<td>1</td>" in page[listen : listen + 200]
    assert "50%" in page[listen : listen + 300]


def test_report_shows_the_final_scores_and_the_endings_reached(
    db_session, trainer_client, scenario, trainee, make_account
):
    played(db_session, scenario, trainee, ["listen", "lifeline"])
    played(db_session, scenario, make_account(), ["propose"])
    page = trainer_client.get(report_url(scenario)).get_data(as_text=True)
    assert "<dt>Finished</dt><dd>2</dd>" in page
    assert "<dt>Passed</dt><dd>1</dd>" in page
    assert "<caption>Trust at the end (target 4, floor 1)</caption>" in page
    assert '<th scope="row">An agreement</th>' in page
    assert '<th scope="row">The group walks out</th>' in page


def test_report_links_to_each_trainees_path(db_session, trainer_client, scenario, trainee):
    play = played(db_session, scenario, trainee, ["listen"])
    page = trainer_client.get(report_url(scenario)).get_data(as_text=True)
    assert f'<a href="/assess/plays/{play.id}">Path of Rosa Trainee, play 1</a>' in page
    assert "In progress" in page


def test_a_trainer_opens_a_trainees_path_as_the_debrief_shows_it(
    db_session, trainer_client, scenario, trainee
):
    play = played(db_session, scenario, trainee, ["propose"])
    page = trainer_client.get(f"/assess/plays/{play.id}").get_data(as_text=True)
    assert "<h1>Rosa Trainee: Water for the east district, play 1</h1>" in page
    assert "Rosa Trainee’s path</h2>" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="path-diagram" role="img"' in page
    assert "The ending: The group walks out" in page
    assert "Play again" not in page


def test_a_trainer_sees_an_unfinished_path_so_far(db_session, trainer_client, scenario, trainee):
    play = played(db_session, scenario, trainee, ["listen"])
    page = trainer_client.get(f"/assess/plays/{play.id}").get_data(as_text=True)
    assert "still in progress: it stands at “Talking about tariffs”" in page
    assert "so far (not finished)" in page


def test_an_administrator_sees_the_report(client, admin, scenario):
    sign_in(client, admin)
    assert client.get(report_url(scenario)).status_code == 200


def test_a_trainer_of_another_course_is_refused(
    db_session, client, make_account, scenario, trainee
):
    play = played(db_session, scenario, trainee, ["listen"])
    sign_in(client, make_account(Role.TRAINER))
    assert client.get(report_url(scenario)).status_code == 403
    assert client.get(f"/assess/plays/{play.id}").status_code == 403


def test_a_trainee_is_refused(db_session, client, scenario, trainee):
    play = played(db_session, scenario, trainee, ["listen"])
    sign_in(client, trainee)
    assert client.get(report_url(scenario)).status_code == 403
    assert client.get(f"/assess/plays/{play.id}").status_code == 403


def test_a_withdrawn_scenario_keeps_its_report(db_session, trainer_client, scenario, trainee):
    played(db_session, scenario, trainee, ["propose"])
    scenario.is_published = False
    db_session.commit()
    response = trainer_client.get(report_url(scenario))
    assert response.status_code == 200
    assert trainee.display_name in response.get_data(as_text=True)


def test_a_written_role_play_has_no_scenario_report(trainer_client, make_roleplay, course):
    written = make_roleplay(WRITTEN, course=course, slug="clause")
    assert trainer_client.get(report_url(written)).status_code == 404


def test_report_issues_as_many_queries_for_6_plays_as_for_1(
    db_session, trainer_client, make_roleplay, course, make_account, count_queries
):
    counts = []
    for slug, plays in (("few", 1), ("many", 6)):
        scenario = make_roleplay(SCENARIO, course=course, slug=slug)
        for _ in range(plays):
            played(db_session, scenario, make_account(), ["listen", "defer"])
        with count_queries() as report_page:
            assert trainer_client.get(report_url(scenario)).status_code == 200
        counts.append(report_page.count)
    assert counts[0] == counts[1]
