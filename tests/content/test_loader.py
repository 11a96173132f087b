"""Reading course folders into specs, and problems that name the file, line and field."""

from __future__ import annotations

import re

import pytest

from lms.content import loader
from lms.content.errors import ContentError
from lms.content.markdown import render
from tests.conftest import REPO_ROOT
from tests.content.conftest import COURSE_YAML, LESSONS

SLUG_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def problems_loading(folder):
    with pytest.raises(ContentError) as caught:
        loader.load_course(folder)
    return [str(problem) for problem in caught.value.problems]


def test_lesson_bodies_come_from_named_default_and_inline_sources(write_course):
    spec = loader.load_course(write_course())
    bodies = {lesson.slug: lesson.body for lesson in spec.lessons()}
    assert bodies == {
        "interests": "Interests lie **behind** positions.\n",
        "options": "Invent options for mutual gain.\n",
        "inline": "Written **inline**.",
    }


def test_invalid_field_names_file_line_and_field_path(write_course):
    folder = write_course(course_yaml=COURSE_YAML.replace("slug: inline", "slug: Inline Lesson"))
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:16: modules[1].lessons[0].slug: "
        f"String should match pattern '{SLUG_PATTERN}' (got 'Inline Lesson')"
    ]


def test_missing_field_points_at_the_line_of_its_parent(write_course):
    folder = write_course(course_yaml=COURSE_YAML.replace("        title: Options\n", ""))
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:11: modules[0].lessons[1].title: Field required"
    ]


def test_misspelt_key_is_reported_at_its_line(write_course):
    folder = write_course(course_yaml=COURSE_YAML.replace("summary:", "sumary:"))
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:2: sumary: Extra inputs are not permitted"
    ]


def test_rule_across_fields_is_reported_without_pydantic_prefix(write_course):
    both_sources = COURSE_YAML.replace(
        "        file: lessons/interests.md", "        file: lessons/interests.md\n        body: x"
    )
    folder = write_course(course_yaml=both_sources)
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:8: modules[0].lessons[0]: give either 'file' or 'body', not both"
    ]


def test_yaml_syntax_error_gives_its_line(write_course):
    folder = write_course(course_yaml=COURSE_YAML.replace("title: Basics", "title: Basics: two"))
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:6: invalid YAML: mapping values are not allowed here"
    ]


def test_repeated_key_is_reported_at_its_second_line(write_course):
    folder = write_course(course_yaml=COURSE_YAML + "title: Negotiation again\n")
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:19: title: given twice (first on line 1)"
    ]


def test_course_yaml_that_is_a_list_is_refused(write_course):
    folder = write_course(course_yaml="- title: Negotiation\n")
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:1: expected a mapping of course fields "
        "(title, version, modules...), not a list"
    ]


def test_empty_course_yaml_is_refused(write_course):
    folder = write_course(course_yaml="# nothing yet\n")
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:1: "
        "file is empty; it needs course fields (title, version, modules...)"
    ]


def test_course_yaml_that_is_not_utf8_gives_the_line_of_the_bad_byte(write_course):
    latin1 = COURSE_YAML.replace("Getting", "G\xe9tting").encode("latin-1")
    folder = write_course(course_yaml=latin1)
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:2: not UTF-8 text (byte 0xe9); save it as UTF-8"
    ]


def test_missing_course_yaml_is_reported(write_course):
    folder = write_course()
    (folder / "course.yaml").unlink()
    assert problems_loading(folder) == [
        f"{folder}/course.yaml: file not found; every course folder needs one"
    ]


def test_missing_lesson_file_names_the_file_and_the_line_of_its_file_key(write_course):
    folder = write_course(lessons={"options.md": LESSONS["options.md"]})
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:10: modules[0].lessons[0].file: lessons/interests.md not found"
    ]


def test_missing_default_lesson_file_points_at_its_lesson(write_course):
    folder = write_course(lessons={"interests.md": LESSONS["interests.md"]})
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:11: modules[0].lessons[1].file: lessons/options.md not found "
        "(the default file of a lesson with neither file nor body)"
    ]


def test_unreadable_lesson_file_is_reported(write_course):
    folder = write_course(lessons={"options.md": LESSONS["options.md"]})
    (folder / "lessons" / "interests.md").mkdir()
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:10: modules[0].lessons[0].file: "
        "cannot read lessons/interests.md: Is a directory"
    ]


def test_empty_lesson_file_is_reported(write_course):
    folder = write_course(lessons={**LESSONS, "interests.md": " \n\n"})
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:10: modules[0].lessons[0].file: lessons/interests.md is empty"
    ]


def test_lesson_file_that_is_not_utf8_gives_its_own_line(write_course):
    folder = write_course(lessons={**LESSONS, "interests.md": b"Interests\n\nCaf\xe9 talk\n"})
    assert problems_loading(folder) == [
        f"{folder}/lessons/interests.md:3: not UTF-8 text (byte 0xe9); save it as UTF-8"
    ]


def test_lesson_file_outside_the_course_folder_is_refused(write_course, courses_root):
    (courses_root / "secret.md").write_text("Not part of any course.\n")
    folder = write_course(course_yaml=COURSE_YAML.replace("lessons/interests.md", "../secret.md"))
    assert problems_loading(folder) == [
        f"{folder}/course.yaml:10: modules[0].lessons[0].file: "
        "../secret.md is outside the course folder"
    ]


def test_folder_name_must_be_a_slug(write_course):
    folder = write_course(slug="Negotiation_Basics")
    assert problems_loading(folder) == [
        f"{folder}: folder name is not a valid slug: String should match pattern '{SLUG_PATTERN}'"
    ]


def test_every_problem_of_a_course_is_reported_at_once(write_course):
    folder = write_course(lessons={})
    assert len(problems_loading(folder)) == 2


def test_load_courses_collects_problems_of_every_course(write_course, courses_root):
    write_course("first", course_yaml=COURSE_YAML.replace('version: "1.0"', "version: 1.0"))
    write_course("second", lessons={})
    (courses_root / "third").mkdir()
    with pytest.raises(ContentError) as caught:
        loader.load_courses(courses_root)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{courses_root}/first/course.yaml:3: version: Input should be a valid string (got 1.0)",
        f"{courses_root}/second/course.yaml:10: modules[0].lessons[0].file: "
        "lessons/interests.md not found",
        f"{courses_root}/second/course.yaml:11: modules[0].lessons[1].file: "
        "lessons/options.md not found (the default file of a lesson with neither file nor body)",
        f"{courses_root}/third/course.yaml: file not found; every course folder needs one",
    ]


def test_load_courses_skips_pathways_and_hidden_folders(write_course, courses_root):
    write_course("negotiation")
    (courses_root / "pathways").mkdir()
    (courses_root / ".drafts").mkdir()
    assert [slug for slug, _ in loader.load_courses(courses_root)] == ["negotiation"]


def test_load_path_accepts_one_course_folder(write_course):
    folder = write_course()
    assert [slug for slug, _ in loader.load_path(folder)] == ["negotiation"]


def test_missing_courses_root_is_reported(tmp_path):
    with pytest.raises(ContentError, match="no such folder"):
        loader.load_courses(tmp_path / "nowhere")


def test_builtin_courses_are_valid():
    courses = loader.load_courses(REPO_ROOT / "courses")
    assert courses
    assert all(lesson.body for _, spec in courses for lesson in spec.lessons())


def test_builtin_lessons_start_at_h2_and_never_skip_a_heading_level():
    for _, spec in loader.load_courses(REPO_ROOT / "courses"):
        for lesson in spec.lessons():
            assert lesson.body is not None
            levels = [int(level) for level in re.findall(r"<h(\d)>", render(lesson.body))]
            assert all(now <= before + 1 for before, now in zip([1, *levels], levels, strict=False))
