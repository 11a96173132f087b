"""Writing question specs as GIFT: Moodle's layout, and read back as the same questions."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lms.content import gift
from lms.content.questions import (
    AcceptedAnswer,
    Choice,
    DescriptionSpec,
    EssaySpec,
    FormattedText,
    MatchingSpec,
    MultipleResponseSpec,
    NumericalAnswer,
    NumericalSpec,
    OrderingSpec,
    Pair,
    QuestionSpec,
    ShortAnswerSpec,
    SingleChoiceSpec,
    TextFormat,
    TrueFalseSpec,
)

MOODLE, HTML, MARKDOWN = TextFormat.MOODLE, TextFormat.HTML, TextFormat.MARKDOWN


def text(value: str, text_format: TextFormat = MARKDOWN) -> FormattedText:
    return FormattedText(text=value, format=text_format)


def read_back(spec: QuestionSpec) -> QuestionSpec:
    [imported] = gift.parse(gift.export([(None, spec)]), path=Path("export.gift"))
    return imported.spec


def test_choices_are_laid_out_as_moodle_writes_them() -> None:
    spec = SingleChoiceSpec(
        name="Q8",
        text=text("What's between orange and green in the spectrum?", MOODLE),
        choices=[
            Choice(text=text("yellow", MOODLE), weight=1, feedback=text("right; good!", MOODLE)),
            Choice(text=text("red", MOODLE), feedback=text("wrong, it's yellow", HTML)),
            Choice(
                text=text("blue", TextFormat.PLAIN), feedback=text("wrong, it's yellow", MOODLE)
            ),
        ],
    )
    assert gift.export([(None, spec)]) == (
        "::Q8::What's between orange and green in the spectrum?{\n"
        "\t=yellow#right; good!\n"
        "\t~red#[html]wrong, it's yellow\n"
        "\t~[plain]blue#wrong, it's yellow\n"
        "}\n\n"
    )


def test_true_false_is_written_as_moodle_writes_it() -> None:
    spec = TrueFalseSpec(
        name="Q1",
        text=text("42 is the Absolute Answer to everything.", MOODLE),
        answer=True,
        feedback_true=text("You gave the right answer.", MOODLE),
        feedback_false=text("42 is the Ultimate Answer.", HTML),
    )
    assert gift.export([(None, spec)]) == (
        "::Q1::42 is the Absolute Answer to everything."
        "{TRUE#[html]42 is the Ultimate Answer.#You gave the right answer.}\n\n"
    )


SPECS: list[QuestionSpec] = [
    DescriptionSpec(name="Case", text=text("A *client* calls.\n\nShe wants a discount.")),
    EssaySpec(name="Essay", text=text("Why?"), general_feedback=text("<p>Price</p>", HTML)),
    TrueFalseSpec(name="TF", text=text("Sky is blue."), answer=False, feedback_false=text("Yes")),
    SingleChoiceSpec(
        name="Single",
        text=text("Pick {one}: a=b?", HTML),
        choices=[
            Choice(text=text("~tilde"), weight=1, feedback=text("# hash")),
            Choice(text=text("%50% off"), weight=0),
            Choice(text=text("half"), weight=Decimal("0.5")),
        ],
        general_feedback=text("Because."),
    ),
    MultipleResponseSpec(
        name="Multiple",
        text=text("Pick two."),
        choices=[
            Choice(text=text("a"), weight=Decimal("0.3333333")),
            Choice(text=text("b"), weight=Decimal("0.6666667")),
            Choice(text=text("c"), weight=-1),
        ],
    ),
    MultipleResponseSpec(
        name="Multiple with one right",
        text=text("Pick the right one."),
        choices=[Choice(text=text("a"), weight=1), Choice(text=text("b"), weight=-1)],
    ),
    ShortAnswerSpec(
        name="Short",
        text=text("Grant is buried in _____."),
        answers=[
            AcceptedAnswer(text="his tomb", feedback=text("Yes")),
            AcceptedAnswer(text="%tomb", weight=Decimal("0.5")),
            AcceptedAnswer(text="[html]", weight=Decimal("0.25")),
            AcceptedAnswer(text="*", weight=0, feedback=text("No")),
        ],
    ),
    NumericalSpec(
        name="Numerical",
        text=text("Born?"),
        answers=[
            NumericalAnswer(value=Decimal("1822"), feedback=text("Right")),
            NumericalAnswer(value=Decimal("1E+3"), tolerance=Decimal("0.0005"), weight=1),
            NumericalAnswer(value=None, weight=Decimal("0.1")),
            NumericalAnswer(value=Decimal("-3.5"), tolerance=Decimal(2), weight=Decimal("0.5")),
            NumericalAnswer(value=None, weight=0, feedback=text("Way off")),
        ],
    ),
    MatchingSpec(
        name="Matching",
        text=text("Match."),
        pairs=[
            Pair(prompt=text("Canada", HTML), answer="Ottawa"),
            Pair(prompt=text("[plain] Italy"), answer="Rome -> Lazio"),
        ],
        distractors=["Paris"],
    ),
    TrueFalseSpec(
        id="tf-2",
        tags=["basics", "odd]tag"],
        name="Name: with {braces}",
        text=text("[html] is the start", MOODLE),
        answer=True,
        feedback_true=text("Right"),
    ),
]


@pytest.mark.parametrize("spec", SPECS, ids=[spec.name for spec in SPECS])
def test_exported_question_reads_back_the_same(spec: QuestionSpec) -> None:
    assert read_back(spec) == spec


def test_category_line_is_written_where_the_category_changes() -> None:
    essay = EssaySpec(name="E", text=text("Why?"))
    written = gift.export([(None, essay), ("Basics", essay), ("Basics", essay), (None, essay)])
    assert [line for line in written.splitlines() if line.startswith("$")] == [
        "$CATEGORY: $course$/top/Basics",
        "$CATEGORY: $course$/top",
    ]


def test_categories_read_back_the_same() -> None:
    essay = EssaySpec(name="E", text=text("Why?"))
    pairs = [(None, essay), ("Basics/Pricing", essay), ("Advanced", essay), (None, essay)]
    imported = gift.parse(gift.export(pairs), path=Path("export.gift"))
    assert [question.category for question in imported] == [
        None,
        "Basics/Pricing",
        "Advanced",
        None,
    ]


def test_id_and_tags_are_written_in_a_comment_before_the_question() -> None:
    spec = EssaySpec(id="q-1", tags=["a", "b"], name="E", text=text("Why?", MOODLE))
    assert gift.export([(None, spec)]).splitlines()[0] == "// [id:q-1] [tag:a] [tag:b]"


def test_line_breaks_are_written_as_escapes() -> None:
    spec = DescriptionSpec(name="D", text=text("one\ntwo", MOODLE))
    assert gift.export([(None, spec)]) == "::D::one\\ntwo\n\n"


def test_ordering_question_is_skipped_with_a_comment_saying_why() -> None:
    ordering = OrderingSpec(name="Steps", text=text("Order them."), items=[text("a"), text("b")])
    essay = EssaySpec(name="E", text=text("Why?"))
    written = gift.export([(None, ordering), (None, essay)])
    assert written.startswith("// Not exported: Steps (GIFT has no ordering questions)\n\n")
    assert [q.spec for q in gift.parse(written, path=Path("export.gift"))] == [essay]


def test_export_problem_names_what_gift_cannot_hold() -> None:
    ordering = OrderingSpec(name="Steps", text=text("Order them."), items=[text("a"), text("b")])
    assert gift.export_problem(ordering) == "GIFT has no ordering questions"


def test_matching_prompt_with_an_arrow_is_not_exported() -> None:
    spec = MatchingSpec(
        name="M",
        text=text("Match."),
        pairs=[Pair(prompt=text("a -> b"), answer="c"), Pair(prompt=text("d"), answer="e")],
    )
    assert gift.export_problem(spec) == "a matching prompt holds '->', which GIFT cannot escape"


def test_explanation_is_left_out() -> None:
    spec = EssaySpec(name="E", text=text("Why?"), explanation=text("Because."))
    assert read_back(spec) == spec.model_copy(update={"explanation": None})
