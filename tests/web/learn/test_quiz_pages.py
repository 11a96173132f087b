"""Taking a quiz in the browser: starting, answering every type, resuming, finishing, reviewing."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.content.questions import parse_spec
from lms.content.quizzes import BankEntry, CourseQuizzes, QuizSpec
from lms.models import Attempt, AttemptItem, AttemptState, utcnow
from lms.services import question_bank
from tests.conftest import post_form, sign_in
from tests.web.learn.quiz_questions import ANSWERABLE, QUESTIONS, right_answer, wrong_answer

QUIZ = "/courses/negotiation/quizzes/check"
SINGLE = QUESTIONS["single_choice"]


@pytest.fixture
def quiz_for(trainee, make_course, make_quiz, enrol):
    """A quiz ``check`` in the course ``negotiation``, in which the trainee is enrolled."""

    def make(questions=(SINGLE,), *, course_slug="negotiation", **settings):
        course = make_course(course_slug)
        enrol(trainee, course)
        return make_quiz(course=course, questions=list(questions), **settings)

    return make


def start(client, quiz_url: str = QUIZ) -> str:
    """Start an attempt as the browser does; return the attempt's URL."""
    return post_form(client, f"{quiz_url}/start").headers["Location"]


def items_of(db_session) -> list[AttemptItem]:
    db_session.expire_all()
    return list(db_session.scalars(select(AttemptItem).order_by(AttemptItem.position)))


def attempt_of(db_session) -> Attempt:
    db_session.expire_all()
    return db_session.scalars(select(Attempt)).one()


def test_quiz_page_describes_its_settings_in_words_and_offers_to_start(quiz_for, trainee_client):
    quiz_for(attempts=2, pass_percent=70, time_limit_minutes=20)
    page = trainee_client.get(QUIZ).get_data(as_text=True)
    assert "Attempts allowed: 2 (2 left)." in page
    assert "Pass mark: 70%." in page
    assert "Time limit: 20 minutes" in page
    assert f'action="{QUIZ}/start"' in page


def test_quiz_of_a_course_not_taken_asks_to_enrol_on_the_course_page(
    trainee_client, make_course, make_quiz
):
    make_quiz(course=make_course("negotiation"), questions=[SINGLE])
    page = trainee_client.get(QUIZ).get_data(as_text=True)
    assert '<p class="quiz-refusal">Enrol in this course to take its quizzes.</p>' in page
    assert '<p><a href="/courses/negotiation">Go to the course page of' in page
    assert f'action="{QUIZ}/start"' not in page


def test_starting_a_quiz_of_a_course_not_taken_is_refused(
    trainee_client, make_course, make_quiz, db_session
):
    make_quiz(course=make_course("negotiation"), questions=[SINGLE])
    response = post_form(trainee_client, f"{QUIZ}/start")
    assert response.headers["Location"] == QUIZ
    assert db_session.scalar(select(func.count(Attempt.id))) == 0


def test_starting_leads_to_the_first_question(quiz_for, trainee_client):
    quiz_for()
    page = trainee_client.get(start(trainee_client)).get_data(as_text=True)
    assert "Question 1</h2>" in page
    assert SINGLE["text"] in page


def test_quiz_page_offers_to_continue_the_attempt_in_progress(quiz_for, trainee_client):
    quiz_for()
    url = start(trainee_client)
    page = trainee_client.get(QUIZ).get_data(as_text=True)
    assert f'href="{url}">Continue your attempt</a>' in page


def test_quiz_page_says_why_no_attempt_may_start(quiz_for, trainee_client):
    quiz_for(attempts=1)
    post_form(trainee_client, f"{start(trainee_client)}/finish")
    page = trainee_client.get(QUIZ).get_data(as_text=True)
    assert "You have used all your attempts at this quiz." in page
    assert f'action="{QUIZ}/start"' not in page


def test_starting_when_no_attempt_may_start_is_refused_with_the_reason(
    quiz_for, trainee_client, db_session
):
    quiz_for(attempts=1)
    post_form(trainee_client, f"{start(trainee_client)}/finish")
    response = post_form(trainee_client, f"{QUIZ}/start")
    assert response.headers["Location"] == QUIZ
    assert db_session.scalar(select(func.count(Attempt.id))) == 1


@pytest.mark.parametrize("kind", ANSWERABLE)
def test_each_question_type_is_answered_through_its_form(
    kind, quiz_for, trainee_client, db_session
):
    quiz_for([QUESTIONS[kind]])
    url = start(trainee_client)
    [item] = items_of(db_session)
    post_form(trainee_client, f"{url}/finish", {"page": "0", **right_answer(kind, item)})
    [item] = items_of(db_session)
    assert item.response is not None
    assert item.fraction == (None if kind == "essay" else 1)


FIRST_BUTTON = re.compile(r"<button\b[^>]*>")


@pytest.mark.parametrize(
    ("settings", "page_number"),
    [({"mode": "practice"}, 0), ({"questions_per_page": 1}, 0), ({"questions_per_page": 1}, 1)],
    ids=["practice", "first-page", "last-page"],
)
def test_first_button_of_the_attempt_form_only_saves_the_page(
    settings, page_number, quiz_for, trainee_client
):
    """Enter in a text field presses it: it must not check, finish or change page."""
    quiz_for([SINGLE, QUESTIONS["short_answer"]], **settings)
    page = trainee_client.get(f"{start(trainee_client)}?page={page_number}").get_data(as_text=True)
    form = page[page.index('<form method="post" action="/attempts/') :]
    first = FIRST_BUTTON.search(form)
    assert first is not None
    assert (
        first.group(0)
        == f'<button type="submit" name="go" value="{page_number}" class="button--secondary">'
    )
    assert form[first.end() :].startswith("Save my answers</button>")


def test_quiz_page_hides_the_grade_while_the_review_hides_marks(
    quiz_for, trainee_client, db_session
):
    always = ["immediately_after", "after_close"]
    quiz_for(review={"responses": always, "marks": [], "right_answers": [], "feedback": []})
    url = start(trainee_client)
    item = items_of(db_session)[0]
    post_form(trainee_client, f"{url}/finish", {"page": "0", **right_answer("single_choice", item)})
    page = trainee_client.get(QUIZ).get_data(as_text=True)
    assert 'class="quiz-grade"' not in page
    assert "Not shown yet" in page
    assert f'href="{url}/review">Review attempt 1</a>' in page


def test_resuming_after_a_reload_keeps_the_answers_and_the_page(
    quiz_for, trainee_client, db_session
):
    quiz_for([SINGLE, QUESTIONS["true_false"]], questions_per_page=1)
    url = start(trainee_client)
    first = items_of(db_session)[0]
    answer = {"page": "0", "go": "1", **right_answer("single_choice", first)}
    post_form(trainee_client, url, answer, follow_redirects=True)
    # Coming back through the quiz page's "Continue" link, which names no page:
    assert "Question 2</h2>" in trainee_client.get(url).get_data(as_text=True)
    page = trainee_client.get(f"{url}?page=0").get_data(as_text=True)
    chosen = right_answer("single_choice", first)["q0-choice"]
    assert f'id="q0-choice-{chosen}" value="{chosen}" checked' in page


def test_each_button_saves_the_page_and_goes_where_it_says(quiz_for, trainee_client, db_session):
    quiz_for([SINGLE, QUESTIONS["true_false"]], questions_per_page=1)
    url = start(trainee_client)
    response = post_form(
        trainee_client, url, {"page": "1", "go": "0", "q1-shown": "1", "q1-answer": "true"}
    )
    assert response.headers["Location"] == f"{url}?page=0"
    assert items_of(db_session)[1].response == {"answer": True}


def test_autosave_saves_the_page_without_leaving_it(quiz_for, trainee_client, db_session):
    quiz_for()
    url = start(trainee_client)
    [item] = items_of(db_session)
    response = post_form(
        trainee_client,
        url,
        {"page": "0", **right_answer("single_choice", item)},
        headers={"X-Autosave": "1"},
    )
    assert response.status_code == 204
    assert items_of(db_session)[0].response == {"choice": 0}


def test_finishing_twice_grades_one_attempt(quiz_for, trainee_client, db_session):
    quiz_for()
    url = start(trainee_client)
    answer = {"page": "0", **right_answer("single_choice", items_of(db_session)[0])}
    first = post_form(trainee_client, f"{url}/finish", answer)
    second = post_form(trainee_client, f"{url}/finish", answer)
    assert first.headers["Location"] == second.headers["Location"] == f"{url}/review"
    attempt = attempt_of(db_session)
    assert (attempt.state, attempt.mark) == (AttemptState.FINISHED, 1)
    assert db_session.scalar(select(func.count(Attempt.id))) == 1


def test_a_form_replayed_after_finishing_is_refused_and_the_mark_stays(
    quiz_for, trainee_client, db_session
):
    quiz_for()
    url = start(trainee_client)
    item = items_of(db_session)[0]
    post_form(trainee_client, f"{url}/finish", {"page": "0", **right_answer("single_choice", item)})
    replay = post_form(trainee_client, url, {"page": "0", **wrong_answer("single_choice", item)})
    assert replay.headers["Location"] == f"{url}/review"
    page = trainee_client.get(replay.headers["Location"]).get_data(as_text=True)
    assert "your answers were already submitted" in page
    assert attempt_of(db_session).mark == 1
    assert items_of(db_session)[0].response == {"choice": 0}


def test_answers_after_the_deadline_are_refused_with_a_clear_message(
    quiz_for, trainee_client, db_session
):
    quiz_for(time_limit_minutes=5)
    url = start(trainee_client)
    attempt = attempt_of(db_session)
    attempt.deadline_at = utcnow() - timedelta(minutes=2)
    db_session.commit()
    item = items_of(db_session)[0]
    response = post_form(trainee_client, url, {"page": "0", **right_answer("single_choice", item)})
    page = trainee_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Time is up: answers sent after the deadline are not accepted." in page
    assert "(submitted when the time ran out)" in page
    assert items_of(db_session)[0].response is None


def test_an_attempt_past_its_deadline_opens_its_review(quiz_for, trainee_client, db_session):
    quiz_for(time_limit_minutes=5)
    url = start(trainee_client)
    attempt_of(db_session).deadline_at = utcnow() - timedelta(minutes=2)
    db_session.commit()
    assert trainee_client.get(url).headers["Location"] == f"{url}/review"
    assert attempt_of(db_session).was_submitted_by_timer


def test_attempt_page_tells_the_time_left_to_the_script_and_to_screen_readers(
    quiz_for, trainee_client
):
    quiz_for(time_limit_minutes=20)
    page = trainee_client.get(start(trainee_client)).get_data(as_text=True)
    assert 'data-seconds-left="' in page
    assert '<p class="quiz-timer__left" aria-live="polite">Time left: 20 minutes</p>' in page
    assert '<script src="/static/js/quiz.js" defer></script>' in page


def test_review_shows_the_mark_feedback_and_right_answer_when_the_settings_allow(
    quiz_for, trainee_client, db_session
):
    quiz_for()
    url = start(trainee_client)
    item = items_of(db_session)[0]
    post_form(trainee_client, f"{url}/finish", {"page": "0", **wrong_answer("single_choice", item)})
    page = trainee_client.get(f"{url}/review").get_data(as_text=True)
    assert "Incorrect" in page
    assert "Mark 0 out of 1" in page
    assert "The right answer: The broker" in page
    assert "SECRET-GENERAL-single_choice" in page
    assert "SECRET-EXPLANATION-single_choice" in page


def test_review_shows_only_what_the_settings_allow(quiz_for, trainee_client, db_session):
    always = ["immediately_after", "after_close"]
    quiz_for(review={"responses": always, "marks": always, "right_answers": [], "feedback": []})
    url = start(trainee_client)
    item = items_of(db_session)[0]
    post_form(trainee_client, f"{url}/finish", {"page": "0", **right_answer("single_choice", item)})
    page = trainee_client.get(f"{url}/review").get_data(as_text=True)
    assert "Mark 1 out of 1" in page
    assert "SECRET-" not in page
    assert "The right answer" not in page


def test_practice_check_shows_the_feedback_of_the_checked_question(
    quiz_for, trainee_client, db_session
):
    quiz_for(mode="practice")
    url = start(trainee_client)
    item = items_of(db_session)[0]
    post_form(
        trainee_client, url, {"page": "0", "check": "1", **right_answer("single_choice", item)}
    )
    page = trainee_client.get(url).get_data(as_text=True)
    assert "SECRET-FEEDBACK-SC-RIGHT" in page
    assert "Correct" in page


@pytest.mark.parametrize(
    ("method", "suffix"), [("get", ""), ("get", "/review"), ("post", ""), ("post", "/finish")]
)
def test_another_trainee_finds_no_attempt(
    method, suffix, quiz_for, trainee_client, app, make_account
):
    quiz_for()
    url = start(trainee_client) + suffix
    other = app.test_client()
    sign_in(other, make_account())
    response = other.get(url) if method == "get" else post_form(other, url, {"page": "0"})
    assert response.status_code == 404


def test_attempt_and_review_pages_issue_as_many_queries_for_20_questions_as_for_2(
    quiz_for, trainee_client, count_queries
):
    mixed = list(itertools.islice(itertools.cycle(QUESTIONS.values()), 20))
    counts = []
    for slug, questions in (("short", mixed[:2]), ("long", mixed)):
        quiz_for(questions, course_slug=slug, questions_per_page=0)
        url = start(trainee_client, f"/courses/{slug}/quizzes/check")
        with count_queries() as attempt_page:
            assert trainee_client.get(url).status_code == 200
        post_form(trainee_client, f"{url}/finish")
        with count_queries() as review_page:
            assert trainee_client.get(f"{url}/review").status_code == 200
        counts.append((attempt_page.count, review_page.count))
    assert counts[0] == counts[1]


def test_course_page_lists_its_quizzes_with_the_trainee_grade(quiz_for, trainee_client, db_session):
    quiz_for(title="Opening moves")
    url = start(trainee_client)
    item = items_of(db_session)[0]
    post_form(trainee_client, f"{url}/finish", {"page": "0", **right_answer("single_choice", item)})
    page = trainee_client.get("/courses/negotiation").get_data(as_text=True)
    assert f'<a href="{QUIZ}">Opening moves</a>' in page
    assert "100%" in page


def add_quizzes(db_session, course, count: int) -> None:
    """Publish ``count`` one-question quizzes in ``course``."""
    spec = parse_spec({"id": "q1", **QUESTIONS["true_false"]})
    quizzes = {
        f"check-{number}": QuizSpec.model_validate(
            {"title": f"Check {number}", "questions": [{"question": "q1"}]}
        )
        for number in range(count)
    }
    content = CourseQuizzes([BankEntry("q1", "Checks", spec, Path("bank.yaml"), 1)], quizzes)
    question_bank.sync_quizzes(db_session, course, content, now=utcnow())
    db_session.commit()


def test_course_page_issues_as_many_queries_for_5_quizzes_as_for_1(
    trainee, trainee_client, make_course, enrol, db_session, count_queries
):
    counts = []
    for slug, count in (("few", 1), ("many", 5)):
        course = make_course(slug)
        enrol(trainee, course)
        add_quizzes(db_session, course, count)
        with count_queries() as course_page:
            assert "Check 0</a>" in trainee_client.get(f"/courses/{slug}").get_data(as_text=True)
        counts.append(course_page.count)
    assert counts[0] == counts[1]
