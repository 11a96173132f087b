"""`flask lms quizzes import|export` and the quizzes folder of `flask lms courses import`."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.content.questions import EssaySpec, SingleChoiceSpec
from lms.models import Course, Quiz
from lms.services import question_bank
from tests.conftest import REPO_ROOT

# Line numbers matter: tests assert that problems point at them.
GIFT = """\
// [id:opening-move]
::Opening move::What does a broker do first? {
  =Scope the partnership#Right.
  ~Sign the agreement
}

$CATEGORY: $course$/top/Brokering/Neutrality

::Neutral?::A broker can always be completely neutral. {F}

::Interests::[markdown]A *position* is what a partner says it wants; the reason behind it is its
{=interest =interests} .

::Reflection::Describe a partnership you have brokered. {}
"""
AIKEN = """\
Who should make the partnership's decisions?
A. The broker
B. The partners
C. The largest funder
ANSWER: B
"""
BROKEN_GIFT = """\
::Good::A valid question. {T}

::Unbalanced::This question never closes its braces. {=yes

::Weights::Pick one. {~%150%too much ~other}
"""


@pytest.fixture
def cli(app):
    """Run ``flask lms <args>``; returns click's result."""
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["lms", *map(str, args)])

    return run


@pytest.fixture
def course(make_course):
    return make_course("negotiation")


def bank_of(db_session, course):
    db_session.expire_all()
    return question_bank.bank(db_session, course)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def assert_failed_cleanly(result):
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_import_of_a_gift_file_fills_the_courses_bank(cli, course, db_session, tmp_path):
    result = cli(
        "quizzes", "import", write(tmp_path, "openers.gift", GIFT), "--course", course.slug
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 4 questions\n"
    bank = bank_of(db_session, course)
    assert [(category, spec.name) for category, spec in bank] == [
        ("Brokering/Neutrality", "Neutral?"),
        ("Brokering/Neutrality", "Interests"),
        ("Brokering/Neutrality", "Reflection"),
        ("openers", "Opening move"),
    ]
    assert isinstance(bank[-1][1], SingleChoiceSpec)
    assert isinstance(bank[2][1], EssaySpec)


def test_questions_outside_any_category_go_to_the_category_option(
    cli, course, db_session, tmp_path
):
    path = write(tmp_path, "openers.gift", GIFT)
    cli("quizzes", "import", path, "--course", course.slug, "--category", "Imported/Openers")
    categories = {category for category, _ in bank_of(db_session, course)}
    assert categories == {"Imported/Openers", "Brokering/Neutrality"}


def test_import_of_an_aiken_file_says_question_in_the_singular(cli, course, db_session, tmp_path):
    result = cli(
        "quizzes", "import", write(tmp_path, "decisions.aiken", AIKEN), "--course", "negotiation"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 1 question\n"
    [(category, spec)] = bank_of(db_session, course)
    assert category == "decisions"
    assert isinstance(spec, SingleChoiceSpec)
    assert [choice.weight for choice in spec.choices] == [0, 1, 0]


def test_txt_files_are_read_as_gift(cli, course, db_session, tmp_path):
    result = cli("quizzes", "import", write(tmp_path, "moodle.txt", GIFT), "--course", course.slug)
    assert result.stdout == "Imported 4 questions\n"


def test_format_option_overrides_the_extension(cli, course, db_session, tmp_path):
    path = write(tmp_path, "decisions.txt", AIKEN)
    result = cli("quizzes", "import", path, "--course", course.slug, "--format", "aiken")
    assert result.stdout == "Imported 1 question\n"


def test_unknown_extension_is_refused_with_a_hint(cli, course, db_session, tmp_path):
    result = cli("quizzes", "import", write(tmp_path, "openers.csv", GIFT), "--course", course.slug)
    assert_failed_cleanly(result)
    assert "give --format" in result.stderr
    assert bank_of(db_session, course) == []


def test_bad_file_reports_every_problem_at_its_line_and_imports_nothing(
    cli, course, db_session, tmp_path
):
    path = write(tmp_path, "broken.gift", BROKEN_GIFT)
    result = cli("quizzes", "import", path, "--course", course.slug)
    assert_failed_cleanly(result)
    problems = result.stderr.splitlines()[:-1]
    assert [line.split(": ")[0] for line in problems] == [f"{path}:3", f"{path}:5"]
    assert result.stderr.splitlines()[-1] == (f"Error: 2 problems in {path}; nothing was imported")
    assert bank_of(db_session, course) == []


def test_a_file_with_a_wrong_aiken_answer_imports_nothing(cli, course, db_session, tmp_path):
    path = write(
        tmp_path, "decisions.aiken", AIKEN + "\n" + AIKEN.replace("ANSWER: B", "ANSWER: E")
    )
    result = cli("quizzes", "import", path, "--course", course.slug)
    assert_failed_cleanly(result)
    assert result.stderr.startswith(f"{path}:11: ")
    assert bank_of(db_session, course) == []


def test_import_into_an_unknown_course_fails_in_one_line(cli, db_session, tmp_path):
    result = cli("quizzes", "import", write(tmp_path, "openers.gift", GIFT), "--course", "nowhere")
    assert_failed_cleanly(result)
    assert result.stderr.startswith("Error: no course 'nowhere'")
    assert len(result.stderr.splitlines()) == 1


def test_reimporting_a_question_with_an_id_updates_it(cli, course, db_session, tmp_path):
    path = write(tmp_path, "openers.gift", GIFT)
    cli("quizzes", "import", path, "--course", course.slug)
    path.write_text(GIFT.replace("Scope the partnership", "Scope the work"), encoding="utf-8")
    cli("quizzes", "import", path, "--course", course.slug)
    names = [spec.name for _, spec in bank_of(db_session, course)]
    assert names.count("Opening move") == 1
    assert names.count("Neutral?") == 2  # no id: Moodle adds a question on every import


def test_export_then_reimport_gives_the_same_questions(
    cli, course, make_course, db_session, tmp_path
):
    cli("quizzes", "import", write(tmp_path, "openers.gift", GIFT), "--course", course.slug)
    output = tmp_path / "exported.gift"
    result = cli(
        "quizzes", "export", "--course", course.slug, "--format", "gift", "--output", output
    )
    assert result.stdout == f"Exported 4 questions to {output}\n"
    copy = make_course("mediation")
    assert cli("quizzes", "import", output, "--course", copy.slug).exit_code == 0
    assert bank_of(db_session, copy) == bank_of(db_session, course)


def test_export_to_standard_output_keeps_the_summary_apart(cli, course, tmp_path):
    cli("quizzes", "import", write(tmp_path, "decisions.aiken", AIKEN), "--course", course.slug)
    result = cli("quizzes", "export", "--course", course.slug, "--output", "-")
    assert result.stdout.startswith("$CATEGORY: $course$/top/decisions\n")
    assert result.stderr == "Exported 1 question\n"


def test_export_of_an_unknown_course_writes_no_file(cli, db_session, tmp_path):
    output = tmp_path / "exported.gift"
    result = cli("quizzes", "export", "--course", "nowhere", "--output", output)
    assert_failed_cleanly(result)
    assert not output.exists()


BUILTIN_QUIZ_FILES = sorted((REPO_ROOT / "courses").glob("*/quizzes/*.yaml"))


def test_courses_import_brings_in_the_builtin_quizzes(cli, db_session):
    result = cli("courses", "import", REPO_ROOT / "courses")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"^negotiation quizzes: .*\bpower-and-balance-check created", result.stdout, re.M
    )
    slugs = db_session.scalars(select(Quiz.slug).order_by(Quiz.slug)).all()
    assert slugs == sorted(path.stem for path in BUILTIN_QUIZ_FILES)


def test_courses_import_twice_leaves_the_quizzes_unchanged(cli, db_session):
    cli("courses", "import", REPO_ROOT / "courses")
    second = cli("courses", "import", REPO_ROOT / "courses")
    assert "created" not in second.stdout
    assert re.search(
        r"^risk-sharing quizzes: .*\bkinds-of-risk-check unchanged", second.stdout, re.M
    )


def test_export_leaves_out_what_gift_cannot_hold_and_says_so(cli, db_session, tmp_path):
    cli("courses", "import", REPO_ROOT / "courses")
    output = tmp_path / "negotiation.gift"
    result = cli("quizzes", "export", "--course", "negotiation", "--output", output)
    assert result.exit_code == 0, result.output
    assert "Planning the handover" in result.stderr
    assert "// Not exported: Planning the handover" in output.read_text(encoding="utf-8")


def test_validate_counts_the_quizzes_and_bank_questions(cli):
    result = cli("courses", "validate", REPO_ROOT / "courses")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith(f"{len(BUILTIN_QUIZ_FILES)} quizzes and ")


def test_courses_import_with_a_broken_quiz_imports_nothing(cli, db_session, tmp_path):
    folder = tmp_path / "negotiation"
    (folder / "quizzes").mkdir(parents=True)
    (folder / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    (folder / "quizzes" / "check.yaml").write_text(
        "title: Check\nquestions:\n  - question: missing\n", encoding="utf-8"
    )
    result = cli("courses", "import", folder)
    assert_failed_cleanly(result)
    assert f"{folder}/quizzes/check.yaml:3: questions[0].question: no question 'missing'" in (
        result.stderr
    )
    assert db_session.scalars(select(Course)).all() == []


def test_imported_quiz_uses_the_folders_settings(cli, db_session):
    cli("courses", "import", REPO_ROOT / "courses")
    quiz = db_session.scalars(select(Quiz).where(Quiz.slug == "power-and-balance-check")).one()
    assert (quiz.attempts_allowed, quiz.pass_percent, quiz.time_limit_seconds) == (
        3,
        Decimal(70),
        None,
    )


COURSE_YAML = """\
title: Negotiation
version: "1.0"
modules:
  - slug: basics
    title: Basics
    lessons:
      - slug: interests
        title: Interests
        body: Interests lie behind positions.
"""
