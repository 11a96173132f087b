"""GIFT and Aiken against Moodle's own files: the questions Moodle's importer finds in them, their
key details as Moodle's tests expect them, and GIFT export read back as the same questions."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from lms.content import aiken, gift
from lms.content.errors import ContentError
from lms.content.interchange import ImportedQuestion
from lms.content.questions import (
    FormattedText,
    MatchingSpec,
    MultipleResponseSpec,
    NumericalAnswer,
    NumericalSpec,
    ShortAnswerSpec,
    SingleChoiceSpec,
    TextFormat,
    TrueFalseSpec,
)

STANDARDS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "standards").resolve()
GIFT = STANDARDS / "gift" / "moodle"
AIKEN = STANDARDS / "aiken" / "moodle"
GIFT_FILES = ["examples.txt", "questions.gift.txt", "questions_in_category.gift.txt"]

pytestmark = pytest.mark.skipif(
    not STANDARDS.is_dir(), reason=f"Moodle's standard files are not at {STANDARDS}"
)


def moodle(text: str) -> FormattedText:
    return FormattedText(text=text, format=TextFormat.MOODLE)


def read_gift(name: str) -> list[ImportedQuestion]:
    path = GIFT / name
    return gift.parse(path.read_text(encoding="utf-8"), path=path)


def at_line(questions: list[ImportedQuestion], line: int) -> ImportedQuestion:
    [found] = [question for question in questions if question.line == line]
    return found


def test_examples_file_holds_43_questions_of_moodle_types() -> None:
    questions = read_gift("examples.txt")
    assert Counter(question.spec.type for question in questions) == {
        "single_choice": 16,
        "short_answer": 9,
        "numerical": 8,
        "true_false": 5,
        "multiple_response": 2,
        "matching": 3,
    }
    assert len(questions) == 43


def test_examples_numerical_tolerance_range_and_weighted_answers() -> None:
    questions = read_gift("examples.txt")
    tolerance, pi_range, weighted = (at_line(questions, line).spec for line in (16, 74, 202))
    assert isinstance(tolerance, NumericalSpec)
    assert tolerance.answers == [NumericalAnswer(value=Decimal(1822), tolerance=Decimal(1))]
    assert isinstance(pi_range, NumericalSpec)
    assert pi_range.answers == [
        NumericalAnswer(value=Decimal("3.1415"), tolerance=Decimal("0.0005"))
    ]
    assert isinstance(weighted, NumericalSpec)
    assert [(answer.tolerance, answer.weight) for answer in weighted.answers] == [
        (0, 1),
        (2, Decimal("0.5")),
    ]
    assert weighted.answers[1].feedback == moodle(
        "He was born in 1822.\nYou get 50% credit for being close."
    )


def test_examples_weights_and_feedback_of_choices() -> None:
    spec = at_line(read_gift("examples.txt"), 117).spec
    assert isinstance(spec, SingleChoiceSpec)
    assert spec.name == "Jesus' hometown"
    assert spec.text == moodle("Jesus Christ was from _____.")
    assert [(choice.text.text, choice.weight) for choice in spec.choices] == [
        ("Jerusalem", 0),
        ("Bethlehem", Decimal("0.25")),
        ("Galilee", Decimal("0.5")),
        ("Nazareth", 1),
    ]
    assert spec.choices[3].feedback == moodle("Yes! That's right!")


def test_examples_negative_weights_make_multiple_response() -> None:
    spec = at_line(read_gift("examples.txt"), 136).spec
    assert isinstance(spec, MultipleResponseSpec)
    assert [choice.weight for choice in spec.choices] == [
        Decimal("-0.5"),
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("-0.5"),
    ]


def test_examples_control_characters_are_escaped_text() -> None:
    spec = at_line(read_gift("examples.txt"), 148).spec
    assert isinstance(spec, SingleChoiceSpec)
    assert spec.name == "GIFT Control Characters"
    assert [choice.text.text for choice in spec.choices] == ["~", "=", "#", "{", "}", "\\"]
    assert [choice.weight for choice in spec.choices] == [0, 0, 0, 0, 0, 1]


def test_examples_markdown_question_and_short_answers() -> None:
    spec = at_line(read_gift("examples.txt"), 108).spec
    assert isinstance(spec, ShortAnswerSpec)
    assert spec.text == FormattedText(
        text="Who's buried in **Grant's tomb**?", format=TextFormat.MARKDOWN
    )
    assert [(answer.text, answer.feedback) for answer in spec.answers] == [
        ("no one", FormattedText(text="excellent answer!", format=TextFormat.MARKDOWN)),
        ("nobody", FormattedText(text="excellent answer!", format=TextFormat.MARKDOWN)),
    ]


def test_questions_file_holds_moodles_9_questions() -> None:
    questions = read_gift("questions.gift.txt")
    assert [(question.spec.name, question.spec.type) for question in questions] == [
        ("Q8", "essay"),
        ("Moodle activities", "matching"),
        ("Q2", "single_choice"),
        ("colours", "multiple_response"),
        ("Q5", "numerical"),
        ("Shortanswer", "short_answer"),
        ("Q1", "true_false"),
        ("2-08 TSL", "true_false"),
        ("2-08 TSL", "true_false"),
    ]


def test_questions_file_matching_formats_and_distractor() -> None:
    spec = at_line(read_gift("questions.gift.txt"), 5).spec
    assert isinstance(spec, MatchingSpec)
    assert spec.text == FormattedText(
        text="Match the <b>activity</b> to the description.", format=TextFormat.HTML
    )
    assert [(pair.prompt.format, pair.answer) for pair in spec.pairs] == [
        (TextFormat.HTML, "Forum"),
        (TextFormat.MOODLE, "Choice"),
        (TextFormat.PLAIN, "Database"),
        (TextFormat.MARKDOWN, "Wiki"),
    ]
    assert spec.distractors == ["Chat"]


def test_questions_file_choice_feedback_formats_and_weights() -> None:
    questions = read_gift("questions.gift.txt")
    single, multiple = at_line(questions, 14).spec, at_line(questions, 22).spec
    assert isinstance(single, SingleChoiceSpec)
    assert [choice.feedback for choice in single.choices] == [
        moodle("right; good!"),
        FormattedText(text="wrong, it's yellow", format=TextFormat.HTML),
        moodle("wrong, it's yellow"),
    ]
    assert single.choices[2].text == FormattedText(text="blue", format=TextFormat.PLAIN)
    assert isinstance(multiple, MultipleResponseSpec)
    assert [choice.weight for choice in multiple.choices] == [
        Decimal("0.5"),
        Decimal(-1),
        Decimal("0.5"),
        Decimal(-1),
    ]


def test_questions_file_numerical_catch_all_and_short_answer_wildcard() -> None:
    questions = read_gift("questions.gift.txt")
    numerical, short = at_line(questions, 31).spec, at_line(questions, 34).spec
    assert isinstance(numerical, NumericalSpec)
    assert numerical.answers == [
        NumericalAnswer(value=Decimal(3), tolerance=Decimal(2)),
        NumericalAnswer(value=None, weight=Decimal(0), feedback=moodle("Completely wrong")),
    ]
    assert isinstance(short, ShortAnswerSpec)
    assert [(answer.text, answer.weight) for answer in short.answers] == [
        ("Frog", 1),
        ("Cat", Decimal("0.5")),
        ("*", 0),
    ]


def test_questions_file_true_false_feedback_and_general_feedback() -> None:
    spec = at_line(read_gift("questions.gift.txt"), 41).spec
    assert isinstance(spec, TrueFalseSpec)
    assert spec.answer is False
    assert spec.feedback_true == moodle("42 is the Ultimate Answer.")
    assert spec.feedback_false == moodle("You gave the right answer.")
    assert spec.general_feedback == moodle(
        "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    )


def test_category_file_puts_its_4_questions_in_the_category() -> None:
    questions = read_gift("questions_in_category.gift.txt")
    assert [(question.category, question.spec.name) for question in questions] == [
        ("Default for New Features", "Moodle activities"),
        ("Default for New Features", "Greeting"),
        ("Default for New Features", "Moodle user"),
        ("Default for New Features", "Moodle acronym"),
    ]


def test_category_file_escaped_html_and_full_credit_short_answer() -> None:
    questions = read_gift("questions_in_category.gift.txt")
    greeting, user = at_line(questions, 14).spec, at_line(questions, 22).spec
    assert greeting.text.text.startswith(
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:</a>'
    )
    assert isinstance(user, ShortAnswerSpec)
    assert [(answer.text, answer.weight, answer.feedback) for answer in user.answers] == [
        ("Moodler", 1, None)
    ]


@pytest.mark.parametrize("name", GIFT_FILES)
def test_gift_export_reads_back_as_the_same_questions(name: str) -> None:
    questions = read_gift(name)
    written = gift.export((question.category, question.spec) for question in questions)
    again = gift.parse(written, path=Path(name))
    assert [(q.category, q.spec) for q in again] == [(q.category, q.spec) for q in questions]


def test_aiken_questions_file_holds_2_questions() -> None:
    path = AIKEN / "questions.aiken.txt"
    questions = aiken.parse(path.read_text(encoding="utf-8"), path=path)
    rights = []
    for question in questions:
        assert isinstance(question.spec, SingleChoiceSpec)
        rights.append([choice.text.text for choice in question.spec.choices if choice.weight == 1])
    assert rights == [["Martin Dougiamas"], ["True"]]


def test_aiken_errors_file_reports_its_four_lines_and_imports_nothing() -> None:
    path = AIKEN / "aiken_errors.txt"
    with pytest.raises(ContentError) as caught:
        aiken.parse(path.read_text(encoding="utf-8"), path=path)
    assert [(problem.path, problem.line) for problem in caught.value.problems] == [
        (path, 3),
        (path, 5),
        (path, 7),
        (path, 18),
    ]


def test_aiken_errors_file_has_3_good_questions_as_moodle_reads_them() -> None:
    path = AIKEN / "aiken_errors.txt"
    questions, _ = aiken.read(path.read_text(encoding="utf-8"), path=path)
    found = []
    for question in questions:
        assert isinstance(question.spec, SingleChoiceSpec)
        choices = [(choice.text.text, choice.weight) for choice in question.spec.choices]
        found.append((question.spec.name, choices))
    assert found == [
        ("A good question", [("Correct", 1), ("Incorrect", 0)]),
        ("A second good question", [("Incorrect (No space)", 0), ("Correct (No space)", 1)]),
        (
            "A third good question with HTML chars such as > < &",
            [("Correct (< > &)", 1), ("Incorrect (< > &)", 0)],
        ),
    ]
