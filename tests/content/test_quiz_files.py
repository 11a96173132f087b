"""A course's quizzes folder: bank files and quiz files, and the problems authors are shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content.errors import ContentError
from lms.content.quizzes import load_quizzes

BANK = """\
category: Negotiation/Openings
questions:
  - id: first-offer
    type: single_choice
    name: First offer
    text: Who should open?
    choices:
      - {text: The convenor, weight: 1}
      - text: The donor
  - id: trust
    type: true_false
    name: Trust
    text: Trust is built step by step.
    answer: true
"""
QUIZ = """\
title: Openings
module: basics
attempts: 3
pass_percent: 70
time_limit_minutes: 15
questions:
  - question: first-offer
    mark: 2
  - random: Negotiation/Openings
    count: 1
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / "quizzes" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        load_quizzes(folder, module_slugs={"basics"})
    return [str(problem) for problem in raised.value.problems]


def test_banks_and_quizzes_load_with_their_settings(tmp_path):
    loaded = load_quizzes(
        write(tmp_path, {"bank/openings.yaml": BANK, "openings.yaml": QUIZ}),
        module_slugs={"basics"},
    )
    assert [entry.key for entry in loaded.bank] == ["first-offer", "trust"]
    assert loaded.bank[1].line == 10
    quiz = loaded.quizzes["openings"]
    assert quiz.attempts == 3
    assert quiz.time_limit_minutes == 15
    assert quiz.questions[1].random == "Negotiation/Openings"


def test_a_course_without_quizzes_has_none(tmp_path):
    loaded = load_quizzes(tmp_path, module_slugs=set())
    assert loaded.bank == []
    assert loaded.quizzes == {}


def test_quiz_naming_unknown_questions_and_modules_is_refused_at_their_lines(tmp_path):
    quiz = QUIZ.replace("question: first-offer", "question: missing").replace(
        "module: basics", "module: nowhere"
    )
    folder = write(tmp_path, {"bank/openings.yaml": BANK, "openings.yaml": quiz})
    path = folder / "quizzes" / "openings.yaml"
    assert problems(folder) == [
        f"{path}:7: questions[0].question: no question 'missing'",
        f"{path}:2: module: no module 'nowhere' in course",
    ]


def test_drawing_more_questions_than_a_category_holds_is_refused(tmp_path):
    quiz = QUIZ.replace("count: 1", "count: 5")
    folder = write(tmp_path, {"bank/openings.yaml": BANK, "openings.yaml": quiz})
    assert problems(folder) == [
        f"{folder / 'quizzes' / 'openings.yaml'}:9: questions[1].random: "
        "category 'Negotiation/Openings' has 2 questions; 5 are drawn"
    ]


def test_question_ids_are_unique_across_bank_files(tmp_path):
    second = BANK.replace("Negotiation/Openings", "Other").replace("id: trust", "id: closing")
    folder = write(tmp_path, {"bank/a.yaml": BANK, "bank/b.yaml": second})
    assert problems(folder) == [
        f"{folder / 'quizzes' / 'bank' / 'b.yaml'}:3: "
        "question id 'first-offer' is already used at a.yaml:3"
    ]


def test_bank_file_questions_need_ids(tmp_path):
    folder = write(tmp_path, {"bank/a.yaml": BANK.replace("  - id: trust\n    type", "  - type")})
    assert problems(folder) == [
        f"{folder / 'quizzes' / 'bank' / 'a.yaml'}:1: every question of a bank file needs an 'id'"
    ]


def test_invalid_question_points_at_its_field(tmp_path):
    bank = BANK.replace("      - {text: The convenor, weight: 1}\n", "")
    folder = write(tmp_path, {"bank/openings.yaml": bank})
    (found,) = problems(folder)
    assert found.startswith(f"{folder / 'quizzes' / 'bank' / 'openings.yaml'}:")
    assert "choices" in found


def test_files_of_unknown_kinds_in_the_bank_are_refused(tmp_path):
    folder = write(tmp_path, {"bank/notes.docx": "x"})
    assert problems(folder) == [
        f"{folder / 'quizzes' / 'bank' / 'notes.docx'}: "
        "not a question bank: use .yaml, .gift or .txt (GIFT)"
    ]
