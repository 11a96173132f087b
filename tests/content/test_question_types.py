"""Each question type's spec rules, form reading and scoring, without a database."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from pydantic import ValidationError

from lms.content.questions import QUESTION_TYPES, NumericalAnswer, parse_spec, type_of


def score(data: dict, response: dict) -> Decimal | None:
    spec = parse_spec({"name": "Q", "text": "Q?", **data})
    return type_of(spec).score(spec, response).fraction


def read(data: dict, layout: dict, values: dict) -> dict | None:
    spec = parse_spec({"name": "Q", "text": "Q?", **data})
    return type_of(spec).read_response(spec, layout, values)


SINGLE = {
    "type": "single_choice",
    "choices": [{"text": "a", "weight": 1}, {"text": "b", "weight": "0.5"}, {"text": "c"}],
}
MULTIPLE = {
    "type": "multiple_response",
    "choices": [
        {"text": "a", "weight": "0.5"},
        {"text": "b", "weight": "0.5"},
        {"text": "c", "weight": -1},
    ],
}


def test_every_type_is_registered_under_its_spec_name():
    assert set(QUESTION_TYPES) == {
        "single_choice",
        "multiple_response",
        "true_false",
        "short_answer",
        "numerical",
        "matching",
        "ordering",
        "essay",
        "description",
    }
    for name, question_type in QUESTION_TYPES.items():
        assert question_type.spec.model_fields["type"].default == name


def test_single_choice_scores_the_chosen_weight():
    assert score(SINGLE, {"choice": 1}) == Decimal("0.5")


def test_single_choice_needs_a_full_mark_answer():
    with pytest.raises(ValidationError, match="100%"):
        parse_spec({"name": "Q", "text": "Q?", **SINGLE, "choices": [{"text": "a"}, {"text": "b"}]})


def test_multiple_response_never_scores_below_zero():
    assert score(MULTIPLE, {"choices": [0, 2]}) == 0
    assert score(MULTIPLE, {"choices": [0, 1]}) == 1


def test_multiple_response_weights_must_add_up():
    bad = {**MULTIPLE, "choices": [{"text": "a", "weight": "0.5"}, {"text": "b"}]}
    with pytest.raises(ValidationError, match="add up to 100%"):
        parse_spec({"name": "Q", "text": "Q?", **bad})


def test_form_values_are_display_positions_mapped_back_to_spec_indices():
    assert read(SINGLE, {"choices": [2, 0, 1]}, {"choice": ["1"]}) == {"choice": 0}
    assert read(MULTIPLE, {"choices": [2, 0, 1]}, {"choice": ["0", "2"]}) == {"choices": [1, 2]}
    assert read(SINGLE, {"choices": [2, 0, 1]}, {"choice": ["7"]}) is None


def test_short_answer_ignores_case_and_spacing_and_honours_wildcards():
    data = {
        "type": "short_answer",
        "answers": [{"text": "no one"}, {"text": "some*", "weight": "0.5"}],
    }
    assert score(data, {"text": "  No   ONE "}) == 1
    assert score(data, {"text": "somebody"}) == Decimal("0.5")
    assert score(data, {"text": "anyone"}) == 0


def test_short_answer_can_be_case_sensitive():
    data = {"type": "short_answer", "answers": [{"text": "UN"}], "case_sensitive": True}
    assert score(data, {"text": "un"}) == 0


def test_numerical_accepts_within_tolerance_in_answer_order():
    data = {
        "type": "numerical",
        "answers": [
            {"value": 1822, "tolerance": 0},
            {"value": 1822, "tolerance": 2, "weight": "0.5"},
        ],
    }
    assert score(data, {"text": "1822"}) == 1
    assert score(data, {"text": "1823.5"}) == Decimal("0.5")
    assert score(data, {"text": "1825"}) == 0
    assert score(data, {"text": "not a number"}) == 0


def test_numerical_range_is_a_tolerance_around_its_middle():
    answer = NumericalAnswer.between(Decimal("3.141"), Decimal("3.142"))
    assert answer.accepts(Decimal("3.1415"))
    assert not answer.accepts(Decimal("3.143"))


def test_matching_scores_each_right_pair_and_offers_distractors():
    data = {
        "type": "matching",
        "pairs": [{"prompt": "UN", "answer": "Agency"}, {"prompt": "NGO", "answer": "Civil"}],
        "distractors": ["Bank"],
    }
    spec = parse_spec({"name": "Q", "text": "Q?", **data})
    assert spec.options() == ["Agency", "Civil", "Bank"]
    assert score(data, {"answers": [0, 2]}) == Decimal("0.5")
    layout = {"prompts": [1, 0], "options": [2, 0, 1]}
    assert read(data, layout, {"match-0": ["2"], "match-1": ["1"]}) == {"answers": [0, 1]}


def test_ordering_is_never_laid_out_in_the_right_order():
    spec = parse_spec({"name": "Q", "text": "Q?", "type": "ordering", "items": ["a", "b"]})
    for seed in range(20):
        assert type_of(spec).layout(spec, random.Random(seed)) == {"items": [1, 0]}


def test_ordering_gives_credit_for_each_item_in_place():
    data = {"type": "ordering", "items": ["a", "b", "c", "d"]}
    assert score(data, {"positions": [0, 1, 3, 2]}) == Decimal("0.5")
    layout = {"items": [3, 2, 1, 0]}
    values = {"position-0": ["4"], "position-1": ["3"], "position-2": ["2"], "position-3": ["1"]}
    assert read(data, layout, values) == {"positions": [0, 1, 2, 3]}


def test_true_false_shows_the_feedback_of_the_answer_given():
    spec = parse_spec(
        {
            "name": "Q",
            "text": "Q?",
            "type": "true_false",
            "answer": False,
            "feedback_true": "No.",
            "feedback_false": "Yes.",
        }
    )
    outcome = type_of(spec).score(spec, {"answer": True})
    assert outcome.fraction == 0
    assert outcome.feedback[0].text == "No."


def test_essays_wait_for_a_trainer_and_descriptions_carry_no_mark():
    assert score({"type": "essay"}, {"text": "Words"}) is None
    assert not QUESTION_TYPES["description"].is_marked
    assert not QUESTION_TYPES["essay"].is_auto_graded


def test_multiple_response_counts_thirds_that_add_up_as_full_marks():
    third = "0.3333333"
    data = {
        "type": "multiple_response",
        "choices": [{"text": name, "weight": third} for name in "abc"] + [{"text": "d"}],
    }
    assert score(data, {"choices": [0, 1, 2]}) == 1


def test_numerical_reads_thousands_separators_and_decimal_commas():
    data = {"type": "numerical", "answers": [{"value": 25000}]}
    assert score(data, {"text": "25,000"}) == 1
    assert score({"type": "numerical", "answers": [{"value": "3.14"}]}, {"text": "3,14"}) == 1


def test_numerical_refuses_absurd_magnitudes_instead_of_overflowing():
    data = {"type": "numerical", "answers": [{"value": 1822}]}
    assert score(data, {"text": "1e1000000"}) == 0
    with pytest.raises(ValidationError):
        parse_spec({"name": "Q", "text": "Q?", "type": "numerical", "answers": [{"value": "1e30"}]})


def test_form_positions_must_be_plain_digits():
    assert read(SINGLE, {"choices": [2, 0, 1]}, {"choice": ["²"]}) is None
    ordering = {"type": "ordering", "items": ["a", "b"]}
    assert read(ordering, {"items": [1, 0]}, {"position-0": ["²"]}) is None
