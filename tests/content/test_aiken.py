"""Reading Aiken single choice questions as Moodle reads them, with each problem at its line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lms.content import aiken
from lms.content.errors import ContentError
from lms.content.questions import Choice, FormattedText, SingleChoiceSpec, TextFormat

PATH = Path("bank.aiken")
QUESTION = "The Moodle project was started by:\nA) Petr Skoda\nB) Martin Dougiamas\nANSWER: B\n"


def plain(text: str) -> FormattedText:
    return FormattedText(text=text, format=TextFormat.PLAIN)


def problems_of(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(ContentError) as caught:
        aiken.parse(text, path=PATH)
    return [(problem.line, problem.message) for problem in caught.value.problems]


def test_question_is_single_choice_with_the_named_answer_right() -> None:
    [imported] = aiken.parse(QUESTION, path=PATH)
    assert imported.spec == SingleChoiceSpec(
        name="The Moodle project was started by:",
        text=plain("The Moodle project was started by:"),
        choices=[
            Choice(text=plain("Petr Skoda")),
            Choice(text=plain("Martin Dougiamas"), weight=Decimal(1)),
        ],
    )


def test_questions_have_no_category_and_know_their_line() -> None:
    imported = aiken.parse(QUESTION + "\n" + QUESTION.replace("ANSWER: B", "ANSWER: A"), path=PATH)
    assert [(question.category, question.line) for question in imported] == [(None, 1), (None, 6)]


def test_choice_labels_may_use_a_dot_and_omit_the_space() -> None:
    [imported] = aiken.parse("Pick:\nA.one\nB)two\nANSWER: A", path=PATH)
    assert isinstance(imported.spec, SingleChoiceSpec)
    assert [choice.text.text for choice in imported.spec.choices] == ["one", "two"]


def test_texts_are_plain_so_markup_shows_as_written() -> None:
    [imported] = aiken.parse("Is <b> a tag & more?\nA) <yes>\nB) no\nANSWER: A", path=PATH)
    assert imported.spec.text == plain("Is <b> a tag & more?")
    assert imported.spec.name == "Is <b> a tag & more?"


def test_windows_line_endings_are_read() -> None:
    assert len(aiken.parse(QUESTION.replace("\n", "\r\n"), path=PATH)) == 1


def test_fewer_than_two_choices_is_reported_at_the_answer_line() -> None:
    assert problems_of("Only one?\nA) Yes\nANSWER: A") == [(3, "question needs at least 2 choices")]


def test_choice_before_any_question_is_reported() -> None:
    assert problems_of("A) Orphan\n") == [
        (1, "question not started: its text must come on a line before this one")
    ]


def test_answer_before_any_question_is_reported() -> None:
    assert problems_of(QUESTION + "ANSWER: A") == [
        (5, "question not started: its text must come on a line before this one")
    ]


def test_question_without_answer_before_the_next_is_reported_where_the_next_starts() -> None:
    assert problems_of("Unfinished?\nA) x\nB) y\n" + QUESTION) == [
        (4, "question on line 1 has no ANSWER: line before this one")
    ]


def test_question_unfinished_at_the_end_is_reported() -> None:
    assert problems_of(QUESTION + "\nUnfinished?\nA) x\nB) y\n") == [
        (6, "question not finished: it has no ANSWER: line")
    ]


def test_answer_naming_no_choice_is_reported() -> None:
    assert problems_of("Pick:\nA) one\nB) two\nANSWER: C") == [
        (4, "ANSWER: C names no choice; they run A to B")
    ]


def test_choices_out_of_order_are_reported() -> None:
    assert problems_of("Pick:\nA) one\nC) two\nANSWER: A") == [
        (3, "choice C) should be B): label in order")
    ]


def test_good_questions_are_read_alongside_the_problems() -> None:
    questions, problems = aiken.read("A) Orphan\n\n" + QUESTION, path=PATH)
    assert [question.line for question in questions] == [3]
    assert [str(problem) for problem in problems] == [
        "bank.aiken:1: question not started: its text must come on a line before this one"
    ]
