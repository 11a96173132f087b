"""No leakage: an attempt's pages hold no right answer, weight or feedback before the review
settings allow it, in the text, the attributes or the hidden fields."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.models import AttemptItem
from tests.conftest import post_form
from tests.web.learn.quiz_questions import QUESTIONS, SECRETS, wrong_answer

# Words that only the parts shown after an attempt, or the spec itself, would bring.
TELL_TALES = [
    "secret-",
    "weight",
    "fraction",
    "correct",
    "right answer",
    "feedback",
    "explanation",
    "grader",
    "selected",
    "checked",
]
HIDE_EVERYTHING = {"responses": [], "marks": [], "right_answers": [], "feedback": []}
# Tokens and timestamps hold digits at random: they could spell a secret number by chance.
NOISE = re.compile(r'(name="csrf_token" value|name="csrf-token" content)="[^"]*"|<time.*?</time>')


@pytest.fixture
def attempt_of(trainee, trainee_client, make_course, make_quiz, enrol, db_session):
    """Start an attempt at a quiz asking one question of ``kind``; return its URL and item."""

    def start(kind: str, **settings) -> tuple[str, AttemptItem]:
        course = make_course("negotiation")
        enrol(trainee, course)
        make_quiz(course=course, questions=[QUESTIONS[kind]], **settings)
        response = post_form(trainee_client, "/courses/negotiation/quizzes/check/start")
        url = response.headers["Location"]
        item = db_session.scalars(select(AttemptItem)).one()
        return url, item

    return start


def leaks(page: str, kind: str, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """The secrets and tell-tales of ``kind`` found in ``page``, outside tokens and times."""
    text = NOISE.sub("", page).lower()
    found = [secret for secret in SECRETS[kind] + TELL_TALES if secret.lower() in text]
    return [secret for secret in found if secret not in allowed]


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_a_new_attempt_page_holds_no_secret_of_its_question(kind, attempt_of, trainee_client):
    url, _ = attempt_of(kind)
    page = trainee_client.get(url).get_data(as_text=True)
    assert QUESTIONS[kind]["text"] in page
    assert leaks(page, kind) == []


@pytest.mark.parametrize("kind", [kind for kind in QUESTIONS if kind != "description"])
def test_an_answered_attempt_page_holds_no_secret_of_its_question(kind, attempt_of, trainee_client):
    url, item = attempt_of(kind)
    post_form(trainee_client, url, {"page": "0", **wrong_answer(kind, item)})
    page = trainee_client.get(url).get_data(as_text=True)
    assert leaks(page, kind, allowed=("selected", "checked")) == []


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_a_review_hiding_everything_holds_no_secret_of_its_question(
    kind, attempt_of, trainee_client
):
    url, item = attempt_of(kind, review=HIDE_EVERYTHING)
    post_form(trainee_client, f"{url}/finish", {"page": "0", **wrong_answer(kind, item)})
    page = trainee_client.get(f"{url}/review").get_data(as_text=True)
    assert QUESTIONS[kind]["text"] in page
    assert leaks(page, kind) == []


def test_a_practice_question_not_yet_checked_holds_no_secret(attempt_of, trainee_client):
    url, item = attempt_of("single_choice", mode="practice")
    post_form(trainee_client, url, {"page": "0", **wrong_answer("single_choice", item)})
    page = trainee_client.get(url).get_data(as_text=True)
    assert leaks(page, "single_choice", allowed=("checked",)) == []


def test_matching_options_come_in_one_shuffled_order_for_every_prompt(attempt_of, trainee_client):
    url, item = attempt_of("matching")
    page = trainee_client.get(url).get_data(as_text=True)
    selects = re.findall(r"<select[^>]*>(.*?)</select>", page, re.DOTALL)
    option_lists = [re.findall(r'<option value="(\d*)">([^<]*)</option>', body) for body in selects]
    options = ["Best alternative", "Overlap of positions", "Memorandum", "Red herring"]
    shown = [("", "Choose…")] + [
        (str(place), options[index]) for place, index in enumerate(item.layout["options"])
    ]
    assert len(option_lists) == 3
    assert all(listed == shown for listed in option_lists)


def test_ordering_items_are_never_listed_in_the_right_order(attempt_of, trainee_client):
    url, _ = attempt_of("ordering")
    page = trainee_client.get(url).get_data(as_text=True)
    items = QUESTIONS["ordering"]["items"]
    labels = re.findall(r'<label for="q0-position-\d+">([^<]*)</label>', page)
    assert sorted(labels) == sorted(items)
    assert labels != items
