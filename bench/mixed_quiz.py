"""The quiz the quiz benchmarks take: 30 questions mixing every auto-graded type, put into a
course of its own through the services, and the forms a trainee posts to answer it.

Every fifth question is answered wrongly, so the expected mark is known without the scorer.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from lms.content.questions import parse_spec
from lms.content.quizzes import BankEntry, CourseQuizzes, QuizSpec
from lms.content.specs import CourseSpec
from lms.content.sync import sync_course
from lms.models import AttemptItem, Quiz, utcnow
from lms.services import question_bank, quizzes

COURSE_SLUG = "bench-quizzes"
QUESTION_COUNT = 30
TYPES_IN_TURN = (
    "single_choice",
    "multiple_response",
    "true_false",
    "short_answer",
    "numerical",
    "matching",
    "ordering",
)
EXPECTED_MARK = Decimal(sum(1 for position in range(QUESTION_COUNT) if position % 5 != 4))
EXPECTED_PERCENT = EXPECTED_MARK * 100 / QUESTION_COUNT

FormValues = dict[str, list[str]]


def is_answered_right(position: int) -> bool:
    return position % 5 != 4


def question(number: int) -> dict[str, Any]:
    """Question ``number`` as a spec dict: the type comes in turn, the texts vary."""
    kind = TYPES_IN_TURN[number % len(TYPES_IN_TURN)]
    base = {"id": f"mixed-{number}", "name": f"Question {number}", "type": kind}
    text = f"Question {number}: which answer fits the **{kind.replace('_', ' ')}** case?"
    if kind == "single_choice":
        choices = [
            {"text": "The convenor", "weight": 1, "feedback": "Yes: the convenor opens."},
            {"text": "The largest donor", "weight": 0.5, "feedback": "Partly."},
            {"text": "Nobody", "feedback": "Someone has to."},
            {"text": "The newest partner", "feedback": "No."},
        ]
        return base | {"text": text, "choices": choices}
    if kind == "multiple_response":
        choices = [
            {"text": "Shared purpose", "weight": 0.5},
            {"text": "Mutual benefit", "weight": 0.5},
            {"text": "One partner decides", "weight": -0.5},
            {"text": "Secrecy", "weight": -0.5},
        ]
        return base | {"text": text, "choices": choices}
    if kind == "true_false":
        return base | {"text": f"Statement {number}: trust is built.", "answer": True}
    if kind == "short_answer":
        answers = [{"text": "*mandate*"}, {"text": "*letter*", "weight": 0.5}]
        return base | {"text": text, "answers": answers}
    if kind == "numerical":
        answers = [
            {"value": 1822, "tolerance": 0.5},
            {"value": 1800, "tolerance": 50, "weight": 0.5},
        ]
        return base | {"text": text, "answers": answers}
    if kind == "matching":
        pairs = [
            {"prompt": "Convenor", "answer": "Brings partners together"},
            {"prompt": "Donor", "answer": "Funds the work"},
            {"prompt": "Broker", "answer": "Keeps the partnership honest"},
        ]
        return base | {"text": text, "pairs": pairs, "distractors": ["Owns the outcome"]}
    items = ["Explore", "Build", "Maintain", "Review"]
    return base | {"text": text, "items": items}


def add_quiz(session: Session, *, slug: str, questions_per_page: int) -> Quiz:
    """Create the bench course and the mixed quiz ``slug`` through the content sync."""
    now = utcnow()
    course_spec = CourseSpec.model_validate(
        {
            "title": "Quiz benchmarks",
            "version": "1",
            "modules": [
                {
                    "slug": "module-1",
                    "title": "Module 1",
                    "lessons": [{"slug": "lesson-1", "title": "Lesson 1", "body": "Read on."}],
                }
            ],
        }
    )
    course = sync_course(session, COURSE_SLUG, course_spec, now=now).course
    entries = []
    for number in range(QUESTION_COUNT):
        data = question(number)
        entries.append(BankEntry(data["id"], "Mixed", parse_spec(data), Path("bench.yaml"), 1))
    quiz_spec = QuizSpec.model_validate(
        {
            "title": "Mixed check",
            "questions_per_page": questions_per_page,
            "questions": [{"question": entry.key} for entry in entries],
        }
    )
    content = CourseQuizzes(bank=entries, quizzes={slug: quiz_spec})
    question_bank.sync_quizzes(session, course, content, now=now)
    session.flush()
    quiz = quizzes.find_quiz(session, course, slug)
    if quiz is None:
        raise RuntimeError("the bench quiz was not published")
    return quiz


def page_form(items: list[AttemptItem], page: int | None = None) -> FormValues:
    """The form values answering the items on ``page`` (every item when None), as a browser
    posts them: right answers, except every fifth question."""
    values: FormValues = {}
    for item in items:
        if page is not None and item.page != page:
            continue
        prefix = f"q{item.position}-"
        values[prefix + "shown"] = ["1"]
        fields = _answer(item.question_version.spec, item.layout, is_answered_right(item.position))
        values.update({prefix + name: value for name, value in fields.items()})
    return values


def _answer(spec: dict[str, Any], layout: dict[str, list[int]], right: bool) -> FormValues:
    """Form fields of one question, in display positions, as its partial names them."""
    kind = spec["type"]
    if kind in {"single_choice", "multiple_response"}:
        weights = [Decimal(str(choice.get("weight", 0))) for choice in spec["choices"]]
        wanted = [index for index, weight in enumerate(weights) if (weight > 0) == right]
        if kind == "single_choice":
            wanted = [weights.index(Decimal(1))] if right else wanted[-1:]
        elif not right:
            wanted = [index for index, weight in enumerate(weights) if weight < 0]
        return {"choice": [str(layout["choices"].index(index)) for index in wanted]}
    if kind == "true_false":
        return {"answer": ["true" if right else "false"]}
    if kind == "short_answer":
        return {"text": ["  the signed   MANDATE " if right else "no idea"]}
    if kind == "numerical":
        return {"text": ["1822,2" if right else "42"]}
    if kind == "matching":
        options = list(
            dict.fromkeys([pair["answer"] for pair in spec["pairs"]] + spec["distractors"])
        )
        fields = {}
        for display, prompt in enumerate(layout["prompts"]):
            option = options.index(spec["pairs"][prompt]["answer"]) if right else len(options) - 1
            fields[f"match-{display}"] = [str(layout["options"].index(option))]
        return fields
    count = len(spec["items"])
    return {
        f"position-{display}": [str(item + 1 if right else count - item)]
        for display, item in enumerate(layout["items"])
    }
