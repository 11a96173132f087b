"""Taking quizzes in a real browser: pages of several question types, resuming, the time limit,
practice feedback and the review, every state of every page checked with axe.

Each test takes a quiz of its own (``make_quiz``) as a person of its own (``people.add``), so the
tests can run in any order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Locator, Page, Request, Route, expect

from lms.db import Database
from lms.models import Attempt, utcnow
from tests.e2e.people import People, Person
from tests.e2e.steps import flash, heading, sign_in

if TYPE_CHECKING:
    from tests.e2e.conftest import SeededQuiz

pytestmark = pytest.mark.e2e

CHOICE = {
    "type": "single_choice",
    "name": "Convenor",
    "text": "Who convenes the first partnering meeting?",
    "choices": [
        {"text": "The broker", "weight": 1, "feedback": "Yes: the broker convenes it."},
        {"text": "The largest funder", "feedback": "No: funders take part as equals."},
        {"text": "The newest partner"},
    ],
}
SEVERAL = {
    "type": "multiple_response",
    "name": "Agreement",
    "text": "Which belong in a partnering agreement?",
    "choices": [
        {"text": "Shared goals", "weight": "0.5"},
        {"text": "What each partner brings", "weight": "0.5"},
        {"text": "A secret exit fee", "weight": "-1"},
    ],
}
TRUE_FALSE = {
    "type": "true_false",
    "name": "Structure",
    "text": "Partners must form one legal entity.",
    "answer": False,
    "feedback_true": "Not so: most partners stay separate organisations.",
}
SHORT = {
    "type": "short_answer",
    "name": "MOU",
    "text": "What does MOU stand for?",
    "answers": [{"text": "memorandum of understanding"}],
}
NUMBER = {
    "type": "numerical",
    "name": "Partners",
    "text": "Three partners are joined by two more. How many partners are there now?",
    "answers": [{"value": "5"}],
}
MATCHING = {
    "type": "matching",
    "name": "Terms",
    "text": "Match each term with its meaning.",
    "pairs": [
        {"prompt": "BATNA", "answer": "Best alternative to a negotiated agreement"},
        {"prompt": "ZOPA", "answer": "Zone of possible agreement"},
    ],
    "distractors": ["Memorandum of understanding"],
}
ORDERING = {
    "type": "ordering",
    "name": "Cycle",
    "text": "Put the partnering cycle in order.",
    "items": ["Scoping", "Building", "Managing", "Reviewing"],
}
ESSAY = {"type": "essay", "name": "Reflection", "text": "Describe a partnership you convened."}


def question(page: Page, number: int) -> Locator:
    """Question ``number`` of the page, with its answer fields and, once shown, its outcome."""
    return page.get_by_role("group", name=f"Question {number}", exact=True)


def open_quiz(
    page: Page, assert_accessible: Callable[[], None], person: Person, quiz: SeededQuiz
) -> None:
    """Sign in, and follow the dashboard and the course page to the quiz."""
    sign_in(page, assert_accessible, person)
    page.get_by_role("link", name=quiz.course_title, exact=True).click()
    expect(heading(page)).to_have_text(quiz.course_title)
    assert_accessible()
    page.get_by_role("link", name=quiz.title, exact=True).click()
    expect(heading(page)).to_have_text(quiz.title)
    assert_accessible()


def start_quiz(page: Page, assert_accessible: Callable[[], None]) -> None:
    page.get_by_role("button", name="Start the quiz").click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+$"))
    expect(question(page, 1)).to_be_visible()
    assert_accessible()


def take_quiz(
    page: Page,
    assert_accessible: Callable[[], None],
    people: People,
    make_quiz: Callable[..., SeededQuiz],
    *questions: dict[str, Any],
    **settings: Any,
) -> SeededQuiz:
    """Make a quiz over ``questions`` for a new trainee, who opens it and starts an attempt."""
    person = people.add(name="Noor Haddad")
    quiz = make_quiz(questions=questions, enrolled=[person], **settings)
    open_quiz(page, assert_accessible, person, quiz)
    start_quiz(page, assert_accessible)
    return quiz


def is_autosave(request: Request) -> bool:
    """The script's background save (a button's save is a plain form post)."""
    return request.method == "POST" and request.headers.get("x-autosave") == "1"


def set_deadline(e2e_database: Database, page: Page, deadline: datetime) -> None:
    """Move the open attempt's one-minute window so that it ends at ``deadline``."""
    match = re.search(r"/attempts/(\d+)", page.url)
    assert match, f"{page.url} is not an attempt page"
    with e2e_database.sessionmaker() as session:
        attempt = session.get(Attempt, int(match.group(1)))
        assert attempt is not None
        attempt.started_at = deadline - timedelta(minutes=1)
        attempt.deadline_at = deadline
        session.commit()


def test_trainee_answers_questions_of_several_kinds_across_pages_and_reviews_the_marks(
    page, assert_accessible, people, make_quiz
):
    take_quiz(
        page,
        assert_accessible,
        people,
        make_quiz,
        CHOICE,
        SEVERAL,
        TRUE_FALSE,
        SHORT,
        NUMBER,
        MATCHING,
        ORDERING,
        questions_per_page=3,
        pass_percent=50,
    )
    expect(page.get_by_text("Attempt 1 · page 1 of 3")).to_be_visible()
    question(page, 1).get_by_label("The broker").check()
    question(page, 2).get_by_label("Shared goals").check()
    question(page, 2).get_by_label("What each partner brings").check()
    question(page, 3).get_by_label("True").check()
    page.get_by_role("button", name="Next page").click()

    expect(page.get_by_text("Attempt 1 · page 2 of 3")).to_be_visible()
    assert_accessible()
    question(page, 4).get_by_label("Your answer").fill("Memorandum of Understanding")
    question(page, 5).get_by_label("Your answer (a number)").fill("5")
    question(page, 6).get_by_label("BATNA").select_option(
        label="Best alternative to a negotiated agreement"
    )
    question(page, 6).get_by_label("ZOPA").select_option(label="Zone of possible agreement")
    page.get_by_role("button", name="Next page").click()

    expect(page.get_by_text("Attempt 1 · page 3 of 3")).to_be_visible()
    expect(page.get_by_role("button", name="Question 6, answered")).to_be_visible()
    expect(page.get_by_role("button", name="Question 7, not answered")).to_be_visible()
    assert_accessible()
    for place, item in enumerate(ORDERING["items"], start=1):
        question(page, 7).get_by_label(item).select_option(str(place))
    page.get_by_role("button", name="Finish attempt").click()

    expect(page).to_have_url(re.compile(r"/attempts/\d+/review$"))
    expect(flash(page)).to_have_text("Your attempt is finished.")
    expect(heading(page)).to_have_text("Check your understanding: attempt 1")
    result = page.get_by_role("definition").filter(has_text="%")
    expect(result).to_contain_text("85.71% (6 out of 7)")
    expect(result).to_contain_text("Passed")
    expect(question(page, 1)).to_contain_text("Correct · Mark 1 out of 1")
    expect(question(page, 1)).to_contain_text("Yes: the broker convenes it.")
    expect(question(page, 3)).to_contain_text("Incorrect · Mark 0 out of 1")
    expect(question(page, 3)).to_contain_text("Not so: most partners stay separate organisations.")
    expect(question(page, 3)).to_contain_text("The right answer: False")
    expect(question(page, 4).get_by_label("Your answer")).to_have_value(
        "Memorandum of Understanding"
    )
    expect(question(page, 4).get_by_label("Your answer")).to_be_disabled()
    expect(question(page, 7)).to_contain_text("Correct · Mark 1 out of 1")
    assert_accessible()


def test_finished_attempt_is_listed_on_the_quiz_page_and_opens_its_review(
    page, assert_accessible, people, make_quiz
):
    take_quiz(page, assert_accessible, people, make_quiz, CHOICE, SHORT, questions_per_page=0)
    question(page, 1).get_by_label("The largest funder").check()
    question(page, 2).get_by_label("Your answer").fill("memorandum of understanding")
    page.get_by_role("button", name="Finish attempt").click()
    expect(heading(page)).to_have_text("Check your understanding: attempt 1")
    assert_accessible()

    page.get_by_role("link", name="Back to the quiz").click()
    expect(page.get_by_text("Your grade: 50%")).to_be_visible()
    attempt_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="1"))
    expect(attempt_row).to_contain_text("50%")
    expect(page.get_by_role("button", name="Start a new attempt")).to_be_visible()
    assert_accessible()

    attempt_row.get_by_role("link", name="Review attempt 1").click()
    expect(heading(page)).to_have_text("Check your understanding: attempt 1")
    expect(question(page, 1)).to_contain_text("No: funders take part as equals.")
    expect(question(page, 1)).to_contain_text("The right answer: The broker")
    expect(question(page, 1).get_by_label("The largest funder")).to_be_checked()
    assert_accessible()


def test_reload_and_return_keep_the_page_and_an_answer_the_script_saved_unprompted(
    page, assert_accessible, people, make_quiz
):
    answer = "I convened a water partnership between a city and two firms."
    quiz = take_quiz(
        page, assert_accessible, people, make_quiz, CHOICE, ESSAY, TRUE_FALSE, questions_per_page=1
    )
    question(page, 1).get_by_label("The broker").check()
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("Attempt 1 · page 2 of 3")).to_be_visible()
    assert_accessible()

    with page.expect_response(lambda response: is_autosave(response.request)) as saved:
        question(page, 2).get_by_label("Your answer").fill(answer)
    assert saved.value.status == 204

    page.reload()
    expect(question(page, 2).get_by_label("Your answer")).to_have_value(answer)
    assert_accessible()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=quiz.title).click()
    expect(page.get_by_role("link", name="Continue your attempt")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Continue your attempt").click()
    expect(page.get_by_text("Attempt 1 · page 2 of 3")).to_be_visible()
    expect(question(page, 2).get_by_label("Your answer")).to_have_value(answer)
    assert_accessible()

    page.get_by_role("button", name="Previous page").click()
    expect(question(page, 1).get_by_label("The broker")).to_be_checked()
    assert_accessible()


def test_a_button_pressed_during_a_background_save_waits_for_it_so_the_newest_answer_stays(
    page, assert_accessible, people, make_quiz
):
    take_quiz(page, assert_accessible, people, make_quiz, CHOICE, SHORT, questions_per_page=1)
    held: list[Route] = []
    page.route(
        "**/attempts/*",
        lambda route: held.append(route) if is_autosave(route.request) else route.continue_(),
    )
    with page.expect_request(is_autosave):
        question(page, 1).get_by_label("The largest funder").check()
    question(page, 1).get_by_label("The broker").check()
    page.get_by_role("button", name="Next page").click()

    held[0].continue_()  # the slow save of the older answer arrives first, then the button's
    expect(page.get_by_text("Attempt 1 · page 2 of 2")).to_be_visible()
    assert_accessible()
    page.get_by_role("button", name="Question 1, answered").click()
    expect(question(page, 1).get_by_label("The broker")).to_be_checked()
    assert_accessible()


def test_without_the_script_changing_page_saves_the_answers_and_return_keeps_the_page(
    page, assert_accessible, people, make_quiz
):
    # quiz.js is the page's only script; blocking it leaves the page as a browser without
    # JavaScript gets it, while axe (which runs in the page) still can check it.
    page.route("**/js/quiz.js", lambda route: route.abort())
    quiz = take_quiz(
        page, assert_accessible, people, make_quiz, CHOICE, SHORT, questions_per_page=1
    )
    question(page, 1).get_by_label("The broker").check()
    page.get_by_role("button", name="Next page").click()
    expect(page.get_by_text("Attempt 1 · page 2 of 2")).to_be_visible()
    expect(page.get_by_role("button", name="Question 1, answered")).to_be_visible()
    assert_accessible()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=quiz.title).click()
    expect(page.get_by_role("link", name="Continue your attempt")).to_be_visible()
    assert_accessible()
    page.get_by_role("link", name="Continue your attempt").click()
    expect(page.get_by_text("Attempt 1 · page 2 of 2")).to_be_visible()
    assert_accessible()

    question(page, 2).get_by_label("Your answer").fill("memorandum of understanding")
    page.get_by_role("button", name="Question 1, answered").click()
    expect(page.get_by_text("Attempt 1 · page 1 of 2")).to_be_visible()
    expect(question(page, 1).get_by_label("The broker")).to_be_checked()
    expect(page.get_by_role("button", name="Question 2, answered")).to_be_visible()
    assert_accessible()


def test_practice_quiz_shows_feedback_once_answers_are_checked(
    page, assert_accessible, people, make_quiz
):
    take_quiz(
        page,
        assert_accessible,
        people,
        make_quiz,
        CHOICE,
        SHORT,
        mode="practice",
        questions_per_page=0,
    )
    question(page, 1).get_by_label("The largest funder").check()
    question(page, 2).get_by_label("Your answer").fill("memorandum of understanding")
    page.get_by_role("button", name="Check my answers").click()

    expect(question(page, 1)).to_contain_text("Incorrect")
    expect(question(page, 1)).to_contain_text("No: funders take part as equals.")
    expect(question(page, 1)).to_contain_text("The right answer: The broker")
    expect(question(page, 1).get_by_label("The largest funder")).to_be_disabled()
    expect(question(page, 2)).to_contain_text("Correct")
    assert_accessible()

    page.get_by_role("button", name="Finish attempt").click()
    expect(heading(page)).to_have_text("Check your understanding: attempt 1")
    expect(question(page, 2).get_by_label("Your answer")).to_have_value(
        "memorandum of understanding"
    )
    assert_accessible()


def test_countdown_submits_the_answers_when_the_time_is_up(
    page, assert_accessible, people, make_quiz, e2e_database
):
    take_quiz(
        page,
        assert_accessible,
        people,
        make_quiz,
        CHOICE,
        TRUE_FALSE,
        time_limit_minutes=1,
        questions_per_page=0,
    )
    expect(page.get_by_text("Your answers are submitted when the time is up.")).to_be_visible()

    set_deadline(e2e_database, page, utcnow() + timedelta(seconds=10))
    page.reload()
    expect(page.get_by_text("Time left: less than a minute")).to_be_visible()
    assert_accessible()
    question(page, 1).get_by_label("The broker").check()

    expect(page).to_have_url(re.compile(r"/attempts/\d+/review$"), timeout=20_000)
    expect(heading(page)).to_have_text("Check your understanding: attempt 1")
    expect(question(page, 1).get_by_label("The broker")).to_be_checked()
    expect(question(page, 2)).to_contain_text("Not answered")
    assert_accessible()


def test_attempt_whose_time_ran_out_while_away_is_found_submitted(
    page, assert_accessible, people, make_quiz, e2e_database
):
    take_quiz(page, assert_accessible, people, make_quiz, CHOICE, time_limit_minutes=1)
    question(page, 1).get_by_label("The broker").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(question(page, 1).get_by_label("The broker")).to_be_checked()
    assert_accessible()

    set_deadline(e2e_database, page, utcnow() - timedelta(minutes=2))
    page.reload()
    expect(page).to_have_url(re.compile(r"/attempts/\d+/review$"))
    expect(page.get_by_role("alert")).to_have_text("This attempt is finished.")
    expect(page.get_by_text("(submitted when the time ran out)")).to_be_visible()
    expect(question(page, 1)).to_contain_text("Correct")
    assert_accessible()

    page.get_by_role("link", name="Back to the quiz").click()
    attempt_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="1"))
    expect(attempt_row).to_contain_text("(time ran out)")
    expect(page.get_by_role("link", name="Continue your attempt")).to_have_count(0)
    assert_accessible()
