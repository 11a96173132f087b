"""`flask lms courses validate|import` with pathway files: listed, synced after the courses,
problems named."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from lms.models import Course, RequirementState, RequirementStatus, Role, utcnow
from lms.models.accreditation import Pathway, PathwayVersion
from lms.services import ethics
from tests.conftest import REPO_ROOT

PATHWAY_YAML = """\
title: Negotiator
version: "1.0"
ethics: ethics.md
stages:
  - slug: accredited
    title: Accredited
    award: Accredited Negotiator
    requirements:
      - kind: course_completed
        course: negotiation
      - kind: ethics_signed
"""


@pytest.fixture
def courses(app):
    """Run ``flask lms courses <args>``; returns click's result."""
    runner = app.test_cli_runner()

    def run(*args):
        return runner.invoke(args=["lms", "courses", *map(str, args)])

    return run


@pytest.fixture
def write_pathway(courses_root):
    """Write ``courses_root/pathways/<slug>.yaml`` and the ethics file it names."""

    def write(text=PATHWAY_YAML, *, slug="negotiator", ethics="I will be honest.\n"):
        folder = courses_root / "pathways"
        folder.mkdir(exist_ok=True)
        (folder / "ethics.md").write_text(ethics, encoding="utf-8")
        (folder / f"{slug}.yaml").write_text(text, encoding="utf-8")
        return folder / f"{slug}.yaml"

    return write


def assert_failed_cleanly(result):
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_validate_lists_the_valid_pathways(courses, write_course, write_pathway, courses_root):
    write_course()
    write_pathway()
    result = courses("validate", courses_root)
    assert result.exit_code == 0, result.output
    assert result.output == "1 course valid: negotiation\n1 pathway valid: negotiator\n"


def test_the_shipped_courses_and_pathway_validate(courses):
    result = courses("validate", REPO_ROOT / "courses")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "1 pathway valid: partnership-broker"


def test_validating_one_course_folder_leaves_pathways_aside(courses, write_course, write_pathway):
    folder = write_course()
    write_pathway(PATHWAY_YAML.replace("course: negotiation", "course: mediation"))
    assert courses("validate", folder).output == "1 course valid: negotiation\n"


def test_a_pathway_naming_a_missing_course_fails_in_one_line(
    courses, write_course, write_pathway, courses_root
):
    write_course()
    path = write_pathway(PATHWAY_YAML.replace("course: negotiation", "course: mediation"))
    result = courses("validate", courses_root)
    assert_failed_cleanly(result)
    assert result.stderr.splitlines() == [
        f"{path}:10: stages[0].requirements[0].course: no course 'mediation' in the courses folder",
        "Error: 1 problem in the course files",
    ]


def test_import_syncs_the_pathways_after_the_courses(
    courses, write_course, write_pathway, courses_root, db_session
):
    write_course()
    write_pathway()
    result = courses("import", courses_root)
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "negotiation: created (version 1)\npathway negotiator: created (version 1)\n"
    )
    pathway = db_session.scalars(select(Pathway)).one()
    assert (pathway.slug, pathway.title) == ("negotiator", "Negotiator")
    assert pathway.current_version is not None
    assert pathway.current_version.ethics_text == "I will be honest.\n"


def test_a_second_import_leaves_the_pathway_unchanged(
    courses, write_course, write_pathway, courses_root, db_session
):
    write_course()
    write_pathway()
    courses("import", courses_root)
    result = courses("import", courses_root)
    assert result.output.splitlines()[-1] == "pathway negotiator: unchanged (version 1)"
    assert db_session.scalar(select(func.count()).select_from(PathwayVersion)) == 1


def test_a_revised_ethics_commitment_imports_a_new_version(
    courses, write_course, write_pathway, courses_root
):
    write_course()
    write_pathway()
    courses("import", courses_root)
    write_pathway(ethics="I will be honest and impartial.\n")
    result = courses("import", courses_root)
    assert result.output.splitlines()[-1] == "pathway negotiator: new version 2"


def test_a_new_version_recomputes_progress_so_an_old_signature_no_longer_counts(
    courses, write_course, write_pathway, courses_root, db_session, make_account
):
    write_course()
    write_pathway()
    courses("import", courses_root)
    trainee = make_account(Role.TRAINEE, display_name="Ama Mensah")
    pathway = db_session.scalars(select(Pathway)).one()
    ethics.sign(db_session, trainee, pathway, typed_name="Ama Mensah", now=utcnow())
    db_session.commit()
    assert ethics_status(db_session, trainee)[0] is RequirementState.MET

    write_pathway(ethics="I will be honest and impartial.\n")
    result = courses("import", courses_root)

    assert result.output.splitlines()[-1] == "pathway progress recomputed for 1 person"
    db_session.expire_all()
    state, evidence = ethics_status(db_session, trainee)
    assert state is RequirementState.IN_PROGRESS
    assert evidence.startswith("Signed an earlier wording")


def ethics_status(session, trainee) -> tuple[RequirementState, str]:
    return session.execute(
        select(RequirementStatus.state, RequirementStatus.evidence).where(
            RequirementStatus.account_id == trainee.id,
            RequirementStatus.requirement_key == "ethics",
        )
    ).one()


def test_an_invalid_pathway_imports_nothing(
    courses, write_course, write_pathway, courses_root, db_session
):
    write_course()
    write_pathway(PATHWAY_YAML.replace("    award: Accredited Negotiator\n", ""))
    result = courses("import", courses_root)
    assert_failed_cleanly(result)
    assert "the last stage must award a certificate" in result.stderr
    assert "nothing was imported" in result.stderr
    assert db_session.scalar(select(func.count()).select_from(Course)) == 0
    assert db_session.scalar(select(func.count()).select_from(Pathway)) == 0
