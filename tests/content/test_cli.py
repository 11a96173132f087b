"""`flask lms courses validate|import`: readable problems, all-or-nothing imports, versions."""

from __future__ import annotations

import pytest
import yaml
from sqlalchemy import func, select

from lms.cli.courses import default_courses_path
from lms.models import Course, CourseVersion, Lesson, Roleplay, RoleplayKind, RoleplayVersion
from tests.conftest import REPO_ROOT
from tests.content.conftest import COURSE_YAML
from tests.roleplay_specs import SCENARIO, WRITTEN, spec


@pytest.fixture
def courses(app):
    """Run ``flask lms courses <args>``; returns click's result."""
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["lms", "courses", *map(str, args)])

    return run


def assert_failed_cleanly(result):
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def lesson_ids(db_session):
    return db_session.scalars(select(Lesson.id).order_by(Lesson.id)).all()


def version_count(db_session):
    return db_session.scalar(select(func.count()).select_from(CourseVersion))


def write_roleplay(folder, slug, data):
    """Write ``folder/roleplays/<slug>.yaml`` from a role-play's dict."""
    (folder / "roleplays").mkdir(exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    (folder / "roleplays" / f"{slug}.yaml").write_text(text, encoding="utf-8")


def test_validate_lists_the_valid_courses(courses, write_course, courses_root):
    write_course("negotiation")
    write_course("mediation")
    result = courses("validate", courses_root)
    assert result.exit_code == 0
    assert result.output == "2 courses valid: mediation, negotiation\n"


def test_validate_accepts_a_single_course_folder(courses, write_course):
    result = courses("validate", write_course())
    assert result.output == "1 course valid: negotiation\n"


def test_validate_reads_the_configured_folder_by_default(app, courses, write_course, courses_root):
    write_course()
    app.config["LMS_COURSES_PATH"] = str(courses_root)
    assert courses("validate").output == "1 course valid: negotiation\n"


def test_default_folder_is_the_checkouts_courses_when_unconfigured(app):
    app.config["LMS_COURSES_PATH"] = None
    with app.app_context():
        assert default_courses_path() == REPO_ROOT / "courses"


def test_validate_prints_one_line_per_problem_and_fails(courses, write_course):
    folder = write_course(course_yaml=COURSE_YAML.replace("slug: basics", "slug: Basics"))
    result = courses("validate", folder)
    assert_failed_cleanly(result)
    assert result.stderr.splitlines() == [
        f"{folder}/course.yaml:5: modules[0].slug: "
        "String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$' (got 'Basics')",
        "Error: 1 problem in the course files",
    ]


def test_validate_of_a_missing_folder_fails_readably(courses, tmp_path):
    result = courses("validate", tmp_path / "nowhere")
    assert_failed_cleanly(result)
    assert f"{tmp_path / 'nowhere'}: no such folder" in result.stderr


def test_validate_of_a_folder_without_courses_fails(courses, courses_root):
    result = courses("validate", courses_root)
    assert_failed_cleanly(result)
    assert f"no course folders in {courses_root}" in result.stderr


def test_import_creates_then_leaves_unchanged_courses_alone(
    courses, write_course, courses_root, db_session
):
    write_course()
    assert courses("import", courses_root).output == "negotiation: created (version 1)\n"
    ids_before = lesson_ids(db_session)
    second = courses("import", courses_root)
    assert second.output == "negotiation: unchanged (version 1)\n"
    assert version_count(db_session) == 1
    assert lesson_ids(db_session) == ids_before


def test_editing_a_lesson_file_imports_a_new_version_and_keeps_the_old(
    courses, write_course, courses_root, db_session
):
    folder = write_course()
    courses("import", courses_root)
    (folder / "lessons" / "interests.md").write_text("Interests, *revised*.\n")
    assert courses("import", courses_root).output == "negotiation: new version 2\n"
    course = db_session.scalars(select(Course)).one()
    first, second = course.versions
    assert course.current_version == second
    assert "behind" in first.modules[0].lessons[0].body_html
    assert "<em>revised</em>" in second.modules[0].lessons[0].body_html


def test_import_of_a_tree_with_an_invalid_course_writes_nothing(
    courses, write_course, courses_root, db_session
):
    write_course("negotiation")
    write_course("mediation", lessons={})
    result = courses("import", courses_root)
    assert_failed_cleanly(result)
    assert "nothing was imported" in result.stderr
    assert db_session.scalar(select(func.count()).select_from(Course)) == 0


def test_validate_counts_the_valid_role_plays(courses, write_course):
    folder = write_course()
    write_roleplay(folder, "water", SCENARIO)
    write_roleplay(folder, "clause", WRITTEN)
    result = courses("validate", folder)
    assert result.exit_code == 0, result.output
    assert result.output == "1 course valid: negotiation\n2 role-plays valid\n"


def test_import_creates_the_role_plays_and_reports_them(
    courses, write_course, courses_root, db_session
):
    folder = write_course()
    write_roleplay(folder, "water", SCENARIO)
    write_roleplay(folder, "clause", WRITTEN)
    result = courses("import", courses_root)
    assert result.output == (
        "negotiation: created (version 1)\nnegotiation role-plays: 2 created\n"
    )
    kinds = db_session.scalars(select(Roleplay.kind).order_by(Roleplay.slug)).all()
    assert kinds == [RoleplayKind.WRITTEN, RoleplayKind.SCENARIO]


def test_second_import_leaves_the_role_plays_unchanged(
    courses, write_course, courses_root, db_session
):
    write_roleplay(write_course(), "water", SCENARIO)
    courses("import", courses_root)
    result = courses("import", courses_root)
    assert result.output.splitlines()[-1] == "negotiation role-plays: 1 unchanged"
    assert db_session.scalar(select(func.count()).select_from(RoleplayVersion)) == 1


def test_a_changed_role_play_file_becomes_a_new_version(
    courses, write_course, courses_root, db_session
):
    folder = write_course()
    write_roleplay(folder, "water", SCENARIO)
    write_roleplay(folder, "clause", WRITTEN)
    courses("import", courses_root)
    write_roleplay(folder, "water", spec(SCENARIO, title="Water for the west district"))
    result = courses("import", courses_root)
    assert result.output.splitlines()[-1] == "negotiation role-plays: 1 new version, 1 unchanged"
    roleplay = db_session.scalars(select(Roleplay).where(Roleplay.slug == "water")).one()
    assert (roleplay.title, roleplay.current_version.number) == ("Water for the west district", 2)


def test_an_invalid_scenario_prints_one_line_per_problem_and_imports_nothing(
    courses, write_course, courses_root, db_session
):
    broken = spec(SCENARIO)
    broken["nodes"]["opening"]["choices"][0]["effects"] = {"warmth": 1}
    broken["nodes"]["tariffs"]["choices"][1]["next"] = "nowhere"
    folder = write_course()
    write_roleplay(folder, "water", broken)
    result = courses("import", courses_root)
    assert_failed_cleanly(result)
    *problems, summary = result.stderr.splitlines()
    assert len(problems) == 2
    assert all(line.startswith(f"{folder}/roleplays/water.yaml:") for line in problems)
    assert "undefined dimension 'warmth'" in problems[0]
    assert "undefined node 'nowhere'" in problems[1]
    assert summary == "Error: 2 problems in the course files; nothing was imported"
    assert db_session.scalar(select(func.count()).select_from(Course)) == 0


def test_changing_the_kind_of_a_role_play_fails_in_one_line_and_imports_nothing(
    courses, write_course, courses_root, db_session
):
    folder = write_course()
    write_roleplay(folder, "water", SCENARIO)
    courses("import", courses_root)
    write_roleplay(folder, "water", WRITTEN)
    (folder / "lessons" / "interests.md").write_text("Interests, *revised*.\n")
    result = courses("import", courses_root)
    assert_failed_cleanly(result)
    assert len(result.stderr.splitlines()) == 1
    assert "cannot become a written one" in result.stderr
    assert "nothing was imported" in result.stderr
    assert version_count(db_session) == 1
    assert db_session.scalars(select(Roleplay.kind)).one() == RoleplayKind.SCENARIO
