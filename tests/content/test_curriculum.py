"""The curriculum shipped in ``courses/`` keeps the size and shape it was written to.

These are minimums, so that the curriculum cannot silently shrink: three core courses of 3-4
modules, 2-4 lessons of 400-1,000 words per module, an assessed quiz per module, role-plays of
every kind per course, and the cross-sector glossary.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from lms.content import loader
from lms.content.glossary import load_glossary
from lms.content.quizzes import CourseQuizzes, QuizMode, QuizSpec, load_course_quizzes
from lms.content.roleplays import (
    AnyRoleplaySpec,
    LiveSpec,
    ScenarioSpec,
    WrittenSpec,
    load_course_roleplays,
)
from lms.models.accounts import Sector
from tests.conftest import REPO_ROOT

COURSES = REPO_ROOT / "courses"
CORE_COURSES = ("negotiation", "partnership-language", "risk-sharing")
GLOSSARY_COURSE = "partnership-language"
FOUR_SECTORS = {Sector.BUSINESS, Sector.GOVERNMENT, Sector.UN, Sector.CIVIL_SOCIETY}
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@pytest.fixture(scope="module")
def courses():
    return dict(loader.load_courses(COURSES))


@pytest.fixture(scope="module")
def quizzes(courses) -> dict[str, CourseQuizzes]:
    return load_course_quizzes(COURSES, list(courses.items()))


@pytest.fixture(scope="module")
def roleplays(courses) -> dict[str, dict[str, AnyRoleplaySpec]]:
    return load_course_roleplays(COURSES, list(courses.items()))


def test_the_three_core_courses_are_the_curriculum(courses):
    assert sorted(courses) == sorted(CORE_COURSES)


@pytest.mark.parametrize("course", CORE_COURSES)
def test_each_course_has_three_or_four_modules_of_two_to_four_lessons(courses, course):
    modules = courses[course].modules
    assert 3 <= len(modules) <= 4
    assert all(2 <= len(module.lessons) <= 4 for module in modules), course


@pytest.mark.parametrize("course", CORE_COURSES)
def test_each_lesson_has_400_to_1000_words(courses, course):
    for lesson in courses[course].lessons():
        assert lesson.body is not None
        words = len(WORD.findall(lesson.body))
        assert 400 <= words <= 1000, f"{course}/{lesson.slug}: {words} words"


@pytest.mark.parametrize("course", CORE_COURSES)
def test_each_lesson_ends_with_a_checklist_and_references(courses, course):
    for lesson in courses[course].lessons():
        assert lesson.body is not None
        headings = re.findall(r"^## (.+)$", lesson.body, flags=re.MULTILINE)
        assert headings[-2:] == ["In practice", "References"], f"{course}/{lesson.slug}"
        checklist = lesson.body.split("## In practice", 1)[1].split("## References", 1)[0]
        assert len(re.findall(r"^- ", checklist, flags=re.MULTILINE)) >= 3, lesson.slug
        assert "http" not in lesson.body.split("## References", 1)[1], lesson.slug


def _assessed_quiz_of(quizzes: CourseQuizzes, module: str) -> QuizSpec:
    [quiz] = [
        spec
        for spec in quizzes.quizzes.values()
        if spec.module == module and spec.mode is QuizMode.ASSESSED
    ]
    return quiz


@pytest.mark.parametrize("course", CORE_COURSES)
def test_each_module_has_an_assessed_quiz_of_8_to_12_questions_of_four_types(
    courses, quizzes, course
):
    bank = {entry.key: entry.spec for entry in quizzes[course].bank}
    for module in courses[course].modules:
        quiz = _assessed_quiz_of(quizzes[course], module.slug)
        asked = [bank[slot.question] for slot in quiz.questions if slot.question is not None]
        assert len(asked) == len(quiz.questions), "module checks ask set questions only"
        assert 8 <= len(asked) <= 12, module.slug
        assert len({question.type for question in asked}) >= 4, module.slug


def _feedback_of(question) -> list[object]:
    """Every feedback a trainee can be shown for ``question``: per answer where it has answers
    (choices, accepted answers, true and false), otherwise its general feedback."""
    per_answer = [
        item.feedback
        for value in vars(question).values()
        if isinstance(value, list)
        for item in value
        if hasattr(item, "feedback")
    ]
    if hasattr(question, "feedback_true"):
        per_answer += [question.feedback_true, question.feedback_false]
    return per_answer or [question.general_feedback]


@pytest.mark.parametrize("course", CORE_COURSES)
def test_every_answer_of_the_module_quizzes_has_feedback(quizzes, course):
    for entry in quizzes[course].bank:
        if entry.spec.type != "description":
            assert all(_feedback_of(entry.spec)), entry.key


def _kinds(roleplays: dict[str, AnyRoleplaySpec]) -> Counter[type]:
    return Counter(type(spec) for spec in roleplays.values())


@pytest.mark.parametrize("course", CORE_COURSES)
def test_each_course_has_two_scenarios_a_written_and_a_live_roleplay(roleplays, course):
    kinds = _kinds(roleplays[course])
    assert kinds[ScenarioSpec] >= 2
    assert kinds[WrittenSpec] >= 1
    assert kinds[LiveSpec] >= 1


@pytest.mark.parametrize("course", CORE_COURSES)
def test_each_course_has_a_scenario_with_a_party_from_every_sector(roleplays, course):
    sectors_per_scenario = [
        {persona.sector for persona in spec.personas}
        for spec in roleplays[course].values()
        if isinstance(spec, ScenarioSpec)
    ]
    assert any(sectors >= FOUR_SECTORS for sectors in sectors_per_scenario)


@pytest.mark.parametrize("course", CORE_COURSES)
def test_each_live_roleplay_gives_every_party_a_confidential_brief(roleplays, course):
    for spec in roleplays[course].values():
        if isinstance(spec, LiveSpec):
            assert len(spec.parties) >= 3
            assert len({party.brief for party in spec.parties}) == len(spec.parties)


def test_the_glossary_gives_each_term_a_meaning_for_every_sector():
    glossary = load_glossary(COURSES / GLOSSARY_COURSE)
    assert glossary is not None
    assert len(glossary.terms) >= 30
    for word in ("partner", "accountability", "due diligence", "impact", "sustainability"):
        assert word in {term.term.casefold() for term in glossary.terms}


@pytest.fixture(scope="module")
def readme_curriculum() -> str:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## The curriculum", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("course", CORE_COURSES)
def test_the_readme_summary_names_every_module_lesson_and_exercise(
    courses, quizzes, roleplays, readme_curriculum, course
):
    spec = courses[course]
    titles = [
        spec.title,
        *(module.title for module in spec.modules),
        *(lesson.title for lesson in spec.lessons()),
        *(f"*{roleplay.title}*" for roleplay in roleplays[course].values()),
        *(f"*{quiz.title}*" for quiz in quizzes[course].quizzes.values() if quiz.module is None),
    ]
    assert [title for title in titles if title not in readme_curriculum] == []


@pytest.mark.parametrize("course", CORE_COURSES)
def test_the_readme_summary_counts_what_the_course_ships(
    courses, quizzes, roleplays, readme_curriculum, course
):
    kinds = _kinds(roleplays[course])
    spec = courses[course]
    counts = (
        f"{len(spec.modules)} modules, {len(list(spec.lessons()))} lessons, "
        f"{len(quizzes[course].quizzes)} quizzes ({len(quizzes[course].bank)} questions in the "
        f"bank), {kinds[ScenarioSpec]} scenarios, {kinds[WrittenSpec]} written role-play"
    )
    assert counts in readme_curriculum


def _wording(text: object) -> str:
    return str(getattr(text, "text", text))


@pytest.mark.parametrize("course", CORE_COURSES)
def test_length_does_not_give_away_the_right_answer(quizzes, course):
    """A trainee who picks the longest option must not pass on that alone."""
    single_choice = [
        entry.spec for entry in quizzes[course].bank if entry.spec.type == "single_choice"
    ]
    giveaways = 0
    for question in single_choice:
        lengths = sorted((len(_wording(choice.text)), choice.weight) for choice in question.choices)
        longest, runner_up = lengths[-1], lengths[-2]
        giveaways += longest[0] > runner_up[0] and longest[1] == max(w for _, w in lengths)
    assert giveaways <= len(single_choice) / 2, f"{giveaways} of {len(single_choice)}"
