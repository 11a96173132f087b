"""Trainee pages of branching scenarios: the introduction, playing without script, the debrief."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from lms.models import ScenarioPlay, ScenarioStep
from lms.services import enrolment
from tests.conftest import post_form, sign_in
from tests.roleplay_specs import SCENARIO, WRITTEN, spec

# A node the trainee may stay at as long as they like, to make paths of any length.
LOOP = spec(
    SCENARIO,
    title="Round and round",
    start="loop",
    nodes={
        "loop": {
            "title": "Another round",
            "narration": "The parties talk **again**.",
            "lines": [{"persona": "ngo", "text": "Once more, then."}],
            "choices": [
                {"id": "again", "text": "Talk once more.", "feedback": "Patience.", "next": "loop"},
                {
                    "id": "leave",
                    "text": "Close the meeting.",
                    "feedback": "Done.",
                    "next": "partial",
                },
            ],
        }
    },
)


@pytest.fixture
def scenario(make_roleplay, make_course, enrol, trainee):
    """The scenario of a course the trainee is enrolled in."""
    course = make_course("water")
    enrol(trainee, course)
    return make_roleplay(SCENARIO, course=course)


def start(client, roleplay) -> str:
    """Start a play as the browser does; the play page's address."""
    response = post_form(client, f"/roleplays/{roleplay.id}/plays")
    assert response.status_code == 302
    return response.headers["Location"]


def reply(client, play_url: str, step: int, choice: str):
    return post_form(client, f"{play_url}/choices", {"step": str(step), "choice": choice})


def play_through(client, play_url: str, choices: list[str]):
    response = None
    for step, choice in enumerate(choices):
        response = reply(client, play_url, step, choice)
    return response


def test_scenario_page_shows_the_situation_the_people_and_a_start_button(trainee_client, scenario):
    page = trainee_client.get(f"/roleplays/{scenario.id}/scenario").get_data(as_text=True)
    assert "A water utility and a community group meet" in page
    assert "Grace Otieno</strong> — Neighbours for Water (Civil society)" in page
    assert "aim for 4, and do not end below 1" in page
    assert f'action="/roleplays/{scenario.id}/plays"' in page
    assert "Start the scenario</button>" in page


def test_scenario_page_tells_a_trainee_who_is_not_enrolled_to_enrol(trainee_client, make_roleplay):
    roleplay = make_roleplay(SCENARIO)
    page = trainee_client.get(f"/roleplays/{roleplay.id}/scenario").get_data(as_text=True)
    assert "Enrol in this course to play its scenarios." in page
    assert "/plays" not in page


def test_starting_without_an_enrolment_says_why(trainee_client, make_roleplay):
    roleplay = make_roleplay(SCENARIO)
    response = post_form(trainee_client, f"/roleplays/{roleplay.id}/plays", follow_redirects=True)
    assert "Enrol in this course to play its scenarios." in response.get_data(as_text=True)


def test_the_play_page_shows_the_node_who_speaks_the_replies_and_the_scores(
    trainee_client, scenario
):
    page = trainee_client.get(start(trainee_client, scenario)).get_data(as_text=True)
    assert "<h1>Opening the meeting</h1>" in page
    assert "<p>Both sides arrive early.</p>" in page
    assert "<strong>Pedro Alves</strong>, City Water (Government)" in page
    assert '<input type="hidden" name="step" value="0">' in page
    assert 'id="choice-listen" value="listen" required>' in page
    assert '<label for="choice-propose">Table a tariff you drafted last night.</label>' in page
    assert '<meter id="meter-trust" min="0" max="5" value="2"' in page
    assert "2 of 5 (target 4, floor 1)" in page


def test_a_reply_shows_its_feedback_on_the_next_node(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    response = reply(trainee_client, play_url, 0, "listen")
    assert response.headers["Location"] == play_url
    page = trainee_client.get(play_url).get_data(as_text=True)
    assert "<h1>Talking about tariffs</h1>" in page
    assert "<p>Interests before positions.</p>" in page
    assert "4 of 5" in page


def test_playing_without_script_reaches_an_ending_and_its_debrief(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    response = play_through(trainee_client, play_url, ["listen", "lifeline"])
    assert response.headers["Location"] == f"{play_url}/debrief"
    page = trainee_client.get(f"{play_url}/debrief").get_data(as_text=True)
    assert "The ending: An agreement" in page
    assert "<p>Both sign.</p>" in page
    assert "Passed</span>" in page


def test_two_plays_reach_two_different_endings(trainee_client, scenario):
    play_through(trainee_client, start(trainee_client, scenario), ["propose"])
    second = start(trainee_client, scenario)
    play_through(trainee_client, second, ["listen", "defer"])
    page = trainee_client.get(f"/roleplays/{scenario.id}/scenario").get_data(as_text=True)
    assert "The group walks out" in page
    assert "A first step" in page
    assert "Play again</button>" in page


def test_the_play_page_resumes_where_the_play_stands(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    reply(trainee_client, play_url, 0, "listen")
    assert start(trainee_client, scenario) == play_url
    page = trainee_client.get(f"/roleplays/{scenario.id}/scenario").get_data(as_text=True)
    assert "Continue play 1</button>" in page


def test_a_repeated_form_records_one_reply_and_shows_where_the_play_stands(
    trainee_client, scenario, db_session
):
    play_url = start(trainee_client, scenario)
    reply(trainee_client, play_url, 0, "listen")
    response = reply(trainee_client, play_url, 0, "listen")
    assert response.headers["Location"] == play_url
    page = trainee_client.get(play_url).get_data(as_text=True)
    assert "That reply was already recorded" in page
    assert db_session.scalar(select(func.count()).select_from(ScenarioStep)) == 1


def test_a_reply_not_on_offer_is_refused_with_a_message(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    page = reply(trainee_client, play_url, 0, "lifeline").status_code
    assert page == 302
    assert "That reply is not on offer here" in trainee_client.get(play_url).get_data(as_text=True)


def test_a_reply_after_leaving_the_course_is_refused_with_a_message(
    db_session, trainee_client, scenario, trainee
):
    play_url = start(trainee_client, scenario)
    db_session.delete(enrolment.find(db_session, trainee, scenario.course))
    db_session.commit()
    response = reply(trainee_client, play_url, 0, "propose")
    assert response.headers["Location"] == play_url
    page = trainee_client.get(play_url).get_data(as_text=True)
    assert "Enrol in this course to play its scenarios." in page
    assert db_session.scalar(select(func.count()).select_from(ScenarioStep)) == 0


def test_a_form_without_a_reply_asks_for_one(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    response = post_form(
        trainee_client, f"{play_url}/choices", {"step": "0"}, follow_redirects=True
    )
    assert "Choose one of the replies" in response.get_data(as_text=True)


def test_a_form_without_its_step_is_a_bad_request(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    response = post_form(trainee_client, f"{play_url}/choices", {"choice": "listen"})
    assert response.status_code == 400


def test_a_finished_play_leads_to_its_debrief_and_an_unfinished_debrief_to_the_play(
    trainee_client, scenario
):
    play_url = start(trainee_client, scenario)
    assert trainee_client.get(f"{play_url}/debrief").headers["Location"] == play_url
    play_through(trainee_client, play_url, ["propose"])
    assert trainee_client.get(play_url).headers["Location"] == f"{play_url}/debrief"


def test_the_debrief_draws_the_path_as_an_svg_with_a_text_alternative(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    play_through(trainee_client, play_url, ["listen", "lifeline"])
    page = trainee_client.get(f"{play_url}/debrief").get_data(as_text=True)
    svg = re.search(r"<svg .*?</svg>", page, re.DOTALL).group(0)
    assert 'role="img" aria-labelledby="path-title path-desc"' in svg
    assert '<title id="path-title">The path of play 1: 2 replies to the ending' in svg
    assert "1. At “Opening the meeting”, replied “Ask each side what a good" in svg
    assert "style=" not in page


def test_the_debrief_lists_each_reply_with_its_feedback_and_the_scores(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    play_through(trainee_client, play_url, ["listen", "lifeline"])
    page = trainee_client.get(f"{play_url}/debrief").get_data(as_text=True)
    steps = page[page.index('<ol class="debrief-steps">') :]
    assert steps.index("Interests before positions.") < steps.index("Sharing the cost")
    assert '<th scope="row">Trust</th>' in page
    assert "Target reached" in page


def test_the_debrief_says_what_better_scoring_paths_did(trainee_client, scenario):
    play_url = start(trainee_client, scenario)
    play_through(trainee_client, play_url, ["propose"])
    page = trainee_client.get(f"{play_url}/debrief").get_data(as_text=True)
    assert "What better-scoring paths did differently" in page
    assert "the reply “Ask each side what a good outcome looks like for them.”" in page
    assert "Trust ended at 0, below its floor 1." in page


def test_text_in_the_diagram_is_escaped(trainee_client, make_roleplay, make_course, enrol, trainee):
    course = make_course("escapes")
    enrol(trainee, course)
    hostile = spec(SCENARIO)
    hostile["nodes"]["opening"]["title"] = "<script>alert(1)</script>"
    hostile["nodes"]["opening"]["choices"][1]["text"] = 'Say "<b>no</b>" & leave'
    roleplay = make_roleplay(hostile, course=course)
    play_url = start(trainee_client, roleplay)
    play_through(trainee_client, play_url, ["propose"])
    page = trainee_client.get(f"{play_url}/debrief").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "1. Say &#34;&lt;b&gt;no&lt;/b&gt;&#34; &amp; leave" in page


def test_another_trainees_play_does_not_exist_for_me(
    app, trainee_client, scenario, make_account, enrol, db_session
):
    play_url = start(trainee_client, scenario)
    other = make_account()
    enrol(other, scenario.course)
    client = app.test_client()
    sign_in(client, other)
    assert client.get(play_url).status_code == 404
    assert client.get(f"{play_url}/debrief").status_code == 404
    assert reply(client, play_url, 0, "listen").status_code == 404
    assert db_session.scalar(select(func.count()).select_from(ScenarioStep)) == 0


def test_a_written_role_play_has_no_scenario_page(trainee_client, make_roleplay):
    roleplay = make_roleplay(WRITTEN)
    assert trainee_client.get(f"/roleplays/{roleplay.id}/scenario").status_code == 404
    assert post_form(trainee_client, f"/roleplays/{roleplay.id}/plays").status_code == 404


def test_play_and_debrief_pages_issue_as_many_queries_for_20_replies_as_for_2(
    trainee_client, make_roleplay, make_course, enrol, trainee, db_session, count_queries
):
    counts = []
    for slug, rounds in (("short", 1), ("long", 19)):
        course = make_course(slug)
        enrol(trainee, course)
        play_url = start(trainee_client, make_roleplay(LOOP, course=course))
        play_through(trainee_client, play_url, ["again"] * rounds)
        with count_queries() as play_page:
            assert trainee_client.get(play_url).status_code == 200
        reply(trainee_client, play_url, rounds, "leave")
        with count_queries() as debrief_page:
            page = trainee_client.get(f"{play_url}/debrief").get_data(as_text=True)
        assert page.count('<li class="debrief-step">') == rounds + 1
        counts.append((play_page.count, debrief_page.count))
    assert counts[0] == counts[1]
    assert db_session.scalar(select(func.count()).select_from(ScenarioPlay)) == 2
