"""Reading GIFT as Moodle's importer reads it, and the problems reported instead of guesses."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from lms.content import gift
from lms.content.errors import ContentError, ContentProblem
from lms.content.questions import (
    Choice,
    DescriptionSpec,
    EssaySpec,
    FormattedText,
    MatchingSpec,
    MultipleResponseSpec,
    NumericalAnswer,
    NumericalSpec,
    Pair,
    QuestionSpec,
    ShortAnswerSpec,
    SingleChoiceSpec,
    TextFormat,
    TrueFalseSpec,
)

PATH = Path("bank.gift")
MOODLE = TextFormat.MOODLE


def moodle(text: str) -> FormattedText:
    return FormattedText(text=text, format=MOODLE)


def read_one(text: str) -> QuestionSpec:
    [imported] = gift.parse(text, path=PATH)
    return imported.spec


def problems_in(text: str) -> list[ContentProblem]:
    with pytest.raises(ContentError) as caught:
        gift.parse(text, path=PATH)
    return caught.value.problems


def problems_of(text: str) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.message) for problem in problems_in(text)]


def test_blank_lines_separate_questions() -> None:
    imported = gift.parse("One?{T}\n\n\nTwo?{F}\n", path=PATH)
    assert [question.spec.name for question in imported] == ["One?", "Two?"]


def test_each_question_knows_the_line_it_starts_on() -> None:
    imported = gift.parse("// intro\n\n// about two\n::Two::\nText?{T}\n\nThree?{F}", path=PATH)
    assert [question.line for question in imported] == [4, 7]


def test_comment_lines_are_not_questions_nor_text() -> None:
    spec = read_one("// a comment\nWho?{\n// between answers\n=me ~you}")
    assert spec.text == moodle("Who?")
    assert isinstance(spec, SingleChoiceSpec)
    assert [choice.text.text for choice in spec.choices] == ["me", "you"]


def test_category_applies_to_the_questions_after_it() -> None:
    text = "First?{T}\n\n$CATEGORY: Basics\n\nSecond?{T}\n\n$CATEGORY: Advanced\n\nThird?{T}"
    categories = [question.category for question in gift.parse(text, path=PATH)]
    assert categories == [None, "Basics", "Advanced"]


@pytest.mark.parametrize(
    ("written", "category"),
    [
        ("$course$/Default for New Features", "Default for New Features"),
        ("$course$/top/Default for New Features", "Default for New Features"),
        ("$system$/top/Shared/Pricing", "Shared/Pricing"),
        ("Shared/Pricing", "Shared/Pricing"),
        ("$course$/top", None),
    ],
)
def test_category_drops_moodle_context_and_root(written: str, category: str | None) -> None:
    [imported] = gift.parse(f"$CATEGORY: {written}\n\nQ?{{T}}", path=PATH)
    assert imported.category == category


def test_name_is_read_between_double_colons() -> None:
    assert read_one("::Kanji Origins::Japanese characters\ncame from where? {=China}").name == (
        "Kanji Origins"
    )


def test_question_text_keeps_its_line_breaks() -> None:
    spec = read_one("::Kanji::Japanese characters\ncame from where? {=China}")
    assert spec.text == moodle("Japanese characters\ncame from where?")


def test_unnamed_question_is_named_after_its_text() -> None:
    assert read_one("[html]Who's <b>buried</b> in Grant's tomb?{=no one}").name == (
        "Who's buried in Grant's tomb?"
    )


def test_long_unnamed_question_name_is_cut_as_moodle_cuts_it() -> None:
    text = "The American holiday of Thanksgiving is celebrated on the {=fourth ~third} Thursday"
    assert read_one(text + " of November.").name == (
        "The American holiday of Thanksgiving is celebrated on the _____ Thursday of ..."
    )


@pytest.mark.parametrize("text_format", list(TextFormat))
def test_format_prefix_sets_the_question_text_format(text_format: TextFormat) -> None:
    spec = read_one(f"::Q::[{text_format.value}]Is it *so*?{{T}}")
    assert spec.text == FormattedText(text="Is it *so*?", format=text_format)


def test_text_without_prefix_is_moodle_auto_format() -> None:
    assert read_one("Is it?{T}").text.format == MOODLE


def test_unknown_prefix_stays_in_the_text() -> None:
    assert read_one("[note]Is it?{T}").text == moodle("[note]Is it?")


def test_answers_and_feedback_take_the_question_format_unless_prefixed() -> None:
    spec = read_one("[html]Pick{=[plain]<one>#[markdown]**yes** ~two#<i>no</i>}")
    assert isinstance(spec, SingleChoiceSpec)
    assert spec.choices == [
        Choice(
            text=FormattedText(text="<one>", format=TextFormat.PLAIN),
            weight=Decimal(1),
            feedback=FormattedText(text="**yes**", format=TextFormat.MARKDOWN),
        ),
        Choice(
            text=FormattedText(text="two", format=TextFormat.HTML),
            feedback=FormattedText(text="<i>no</i>", format=TextFormat.HTML),
        ),
    ]


def test_empty_braces_make_an_essay() -> None:
    assert read_one("::Q8:: How are you? {}") == EssaySpec(name="Q8", text=moodle("How are you?"))


def test_text_without_braces_is_a_description() -> None:
    assert read_one("::Case::A client calls.") == DescriptionSpec(
        name="Case", text=moodle("A client calls.")
    )


@pytest.mark.parametrize(("answer", "is_true"), [("T", True), ("TRUE", True), ("F", False)])
def test_true_false_answers(answer: str, is_true: bool) -> None:
    spec = read_one(f"The sun rises in the east.{{{answer}}}")
    assert spec == TrueFalseSpec(name="The sun rises in the east.", text=spec.text, answer=is_true)


def test_true_false_feedback_is_wrong_answer_first_then_right_answer() -> None:
    spec = read_one("::Q1::42 is the answer.{FALSE#42 is the Ultimate Answer.#Right.}")
    assert isinstance(spec, TrueFalseSpec)
    assert spec.feedback_true == moodle("42 is the Ultimate Answer.")
    assert spec.feedback_false == moodle("Right.")


def test_true_false_feedback_for_a_true_statement() -> None:
    spec = read_one("Water is wet.{TRUE#Think again.#Indeed.}")
    assert isinstance(spec, TrueFalseSpec)
    assert (spec.feedback_true, spec.feedback_false) == (moodle("Indeed."), moodle("Think again."))


def test_equals_among_tildes_makes_single_choice() -> None:
    spec = read_one("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")
    assert isinstance(spec, SingleChoiceSpec)
    assert [(choice.text.text, choice.weight) for choice in spec.choices] == [
        ("Grant", 0),
        ("Jefferson", 0),
        ("no one", 1),
    ]


def test_only_tildes_make_multiple_response_with_weights() -> None:
    spec = read_one("Who? {~%-100%No one ~%50%Grant ~%50%His wife ~%-33.33333%His father}")
    assert isinstance(spec, MultipleResponseSpec)
    weights = [Decimal(-1), Decimal("0.5"), Decimal("0.5"), Decimal("-0.3333333")]
    assert [choice.weight for choice in spec.choices] == weights


def test_partial_credit_in_single_choice() -> None:
    spec = read_one("Hard.{~wrong ~%50%half credit =full credit}")
    assert isinstance(spec, SingleChoiceSpec)
    assert [choice.weight for choice in spec.choices] == [0, Decimal("0.5"), 1]


def test_answer_feedback_follows_a_hash() -> None:
    spec = read_one("Pick.{\n~wrong answer   #comment on wrong answer\n=right#Very good!}")
    assert isinstance(spec, SingleChoiceSpec)
    assert [choice.feedback for choice in spec.choices] == [
        moodle("comment on wrong answer"),
        moodle("Very good!"),
    ]


def test_general_feedback_follows_four_hashes() -> None:
    spec = read_one("::Q::Best animal?{=Frog\n####[html]<p>Frogs, <i>obviously</i>.</p>}")
    assert spec.general_feedback == FormattedText(
        text="<p>Frogs, <i>obviously</i>.</p>", format=TextFormat.HTML
    )


def test_essay_can_carry_general_feedback() -> None:
    spec = read_one("Describe a deal.{####Mention the price.}")
    assert isinstance(spec, EssaySpec)
    assert spec.general_feedback == moodle("Mention the price.")


def test_short_answer_with_weights_feedback_and_wildcard() -> None:
    spec = read_one("Best animal?{\n=Frog#Good!\n=%50%Cat#Cats?\n=%0%*#Completely wrong\n}")
    assert isinstance(spec, ShortAnswerSpec)
    assert [(answer.text, answer.weight, answer.feedback) for answer in spec.answers] == [
        ("Frog", 1, moodle("Good!")),
        ("Cat", Decimal("0.5"), moodle("Cats?")),
        ("*", 0, moodle("Completely wrong")),
    ]


def test_short_answer_is_case_insensitive_as_in_moodle() -> None:
    spec = read_one("Two plus two equals {=four =4}.")
    assert isinstance(spec, ShortAnswerSpec)
    assert not spec.case_sensitive


def test_text_after_the_answers_makes_a_missing_word_question() -> None:
    spec = read_one("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert spec.text == moodle("Grant is _____ in Grant's tomb.")


def test_numerical_exact_answer() -> None:
    spec = read_one("What's 2 plus 2? {#4}")
    assert isinstance(spec, NumericalSpec)
    assert spec.answers == [NumericalAnswer(value=Decimal(4))]


def test_numerical_answer_with_tolerance() -> None:
    spec = read_one("Grant was born in? {#1822:5}")
    assert isinstance(spec, NumericalSpec)
    assert spec.answers == [NumericalAnswer(value=Decimal(1822), tolerance=Decimal(5))]


def test_numerical_range_is_a_value_with_tolerance() -> None:
    spec = read_one("Pi to 3 places? {#3.141..3.142}")
    assert isinstance(spec, NumericalSpec)
    assert spec.answers == [NumericalAnswer.between(Decimal("3.141"), Decimal("3.142"))]


def test_numerical_weighted_answers_with_feedback() -> None:
    spec = read_one("Born? {#\n=1822:0 #Correct!\n=%50%1822:2 #Close.\n}")
    assert isinstance(spec, NumericalSpec)
    assert [(a.value, a.tolerance, a.weight, a.feedback) for a in spec.answers] == [
        (1822, 0, 1, moodle("Correct!")),
        (1822, 2, Decimal("0.5"), moodle("Close.")),
    ]


def test_numerical_feedback_for_any_other_number() -> None:
    spec = read_one("::Q5:: A number from 1 to 5? {#3:2~#Completely wrong}")
    assert isinstance(spec, NumericalSpec)
    assert spec.answers[1] == NumericalAnswer(
        value=None, weight=Decimal(0), feedback=moodle("Completely wrong")
    )


def test_matching_pairs_and_distractors() -> None:
    spec = read_one("Match.{\n=Canada -> Ottawa\n=Italy->Rome\n= -> Paris\n}")
    assert spec == MatchingSpec(
        name="Match.",
        text=moodle("Match."),
        pairs=[
            Pair(prompt=moodle("Canada"), answer="Ottawa"),
            Pair(prompt=moodle("Italy"), answer="Rome"),
        ],
        distractors=["Paris"],
    )


def test_escaped_control_characters_are_text() -> None:
    spec = read_one(r"::a\:b::1 \{ 2 \} 3\n4 \\ 5{=\= \~ \# x}")
    assert isinstance(spec, ShortAnswerSpec)
    assert (spec.name, spec.text.text) == ("a:b", "1 { 2 } 3\n4 \\ 5")
    assert spec.answers[0].text == "= ~ # x"


def test_other_backslashes_stay_as_written() -> None:
    assert read_one(r"C:\temp and \\n{T}").text.text == "C:\\temp and \\n"


def test_id_and_tags_come_from_the_comments_before_a_question() -> None:
    spec = read_one("// [tag:pricing] [id:q-7]\n// [tag:basics] [tag:pricing]\n::Q::Text{T}")
    assert (spec.id, spec.tags) == ("q-7", ["pricing", "basics"])


def test_escaped_bracket_in_a_tag() -> None:
    assert read_one("// [tag:a\\]b]\nQ{T}").tags == ["a]b"]


def test_unfinished_answers_are_reported_at_the_brace() -> None:
    assert problems_of("Who?\n{=me") == [
        (2, "'{' opens answers no '}' closes; write \\{ for a brace")
    ]


def test_closing_brace_without_opening_is_reported() -> None:
    assert problems_of("Who? =me}") == [
        (1, "'}' closes answers no '{' opened; write \\} for a brace")
    ]


def test_questions_without_a_blank_line_between_are_reported() -> None:
    [(line, message)] = problems_of("One?{T}\nTwo?{F}")
    assert line == 2
    assert message.startswith("a second '{' or '}' after the answers")


def test_question_run_into_a_category_line_is_reported() -> None:
    assert problems_of("$CATEGORY: Basics\nOne?{T}") == [
        (2, "put a blank line between $CATEGORY: and the next question")
    ]


def test_text_before_the_first_answer_is_reported() -> None:
    message = "'Grant' comes before the first answer: start each answer with '=' (right) or '~'"
    assert problems_of("Who?{Grant ~Lee =no one}") == [(1, message + " (wrong)")]


def test_short_answer_without_equals_is_reported() -> None:
    assert problems_of("Who?{no one}") == [
        (1, "'no one' comes before the first answer: start each answer with '='")
    ]


def test_lower_case_true_false_is_reported() -> None:
    assert problems_of("Sky is blue.{true}") == [
        (1, "write true/false answers in capitals: {T} or {F}")
    ]


def test_answer_without_text_is_reported_at_its_line() -> None:
    assert problems_of("Pick{\n=yes\n~#why not\n}") == [(3, "an answer has no text")]


def test_weight_beyond_full_marks_is_reported() -> None:
    assert problems_of("Pick{=a ~%150%b}") == [(1, "weight 150% is not between -100% and 100%")]


def test_weights_not_adding_up_are_reported_by_the_spec() -> None:
    [problem] = problems_in("Pick{~%50%a ~%40%b}")
    assert (problem.line, problem.message) == (
        1,
        "the positive weights must add up to 100%, not 90.00%",
    )


def test_matching_pair_without_arrow_is_reported() -> None:
    assert problems_of("Match{\n=a -> b\n=c\n=d -> e}") == [
        (3, "write each pair as '=prompt -> answer'")
    ]


def test_matching_pair_without_answer_is_reported() -> None:
    assert problems_of("Match{=a -> b =c -> d =e ->}") == [(1, "a pair has no answer after '->'")]


def test_numerical_answer_that_is_not_a_number_is_reported() -> None:
    assert problems_of("Born?{#\n=1822\n=%50%about 1820}") == [(3, "'about 1820' is not a number")]


def test_numerical_range_end_that_is_not_a_number_is_reported() -> None:
    assert problems_of("Pi?{#3.141..pi}") == [(1, "'pi' is not a number")]


def test_number_too_large_to_compute_with_is_reported() -> None:
    assert problems_of("Big?{#1e9999..1}") == [(1, "'1e9999' is not a number")]


def test_negative_tolerance_is_reported() -> None:
    assert problems_of("Born?{#1822:-2}") == [(1, "a tolerance cannot be negative")]


def test_numerical_question_without_answers_is_reported() -> None:
    assert problems_of("Born?{#}") == [
        (1, "a numerical question needs an answer, such as {#42:0.5}")
    ]


def test_misplaced_text_in_the_numerical_catch_all_is_reported() -> None:
    assert problems_of("Born?{#1822 ~wrong#Try again}") == [
        (1, "write the feedback for any other number as ~#feedback")
    ]


def test_id_that_is_not_an_identifier_is_reported_at_its_comment() -> None:
    [problem] = problems_in("// [id:my id]\n// more\nQ?{T}")
    assert (problem.line, problem.field_path) == (1, "id")
    assert problem.message.endswith("(got 'my id')")


def test_every_problem_is_reported_and_nothing_is_returned() -> None:
    text = "Good?{T}\n\nBad?{=a\n\nAlso good?{F}\n\nBad again?{#x}"
    assert [line for line, _ in problems_of(text)] == [3, 7]


def test_read_returns_the_good_questions_with_the_problems() -> None:
    questions, problems = gift.read("Good?{T}\n\nBad?{=a", path=PATH)
    assert [question.spec.name for question in questions] == ["Good?"]
    assert [str(problem) for problem in problems] == [
        "bank.gift:3: '{' opens answers no '}' closes; write \\{ for a brace"
    ]
