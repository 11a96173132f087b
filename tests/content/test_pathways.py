"""Pathway files: specs, problems named by file and line, references to the courses, and sync."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from lms.content.errors import ContentError
from lms.content.pathway_loader import load_course_content, load_pathways
from lms.content.pathway_sync import spec_of, sync_pathway
from lms.content.pathways import PracticumAccepted
from lms.content.sync import SyncOutcome
from lms.models import utcnow
from lms.models.accreditation import Pathway, PathwayVersion
from tests.conftest import REPO_ROOT

# Line numbers matter: tests assert that problems point at them.
PATHWAY_YAML = """\
title: Broker accreditation
version: "1.0"
ethics: ethics.md
stages:
  - slug: foundation
    title: Foundation
    requirements:
      - kind: course_completed
        course: negotiation
      - kind: quiz_passed
        course: negotiation
        quiz: power-and-balance-check
        min_percent: 70
      - kind: roleplay_passed
        course: negotiation
        roleplay: water-for-the-east-district
        floors: {trust: 3}
      - kind: written_assessed
        course: negotiation
        roleplay: prepare-the-negotiation
        min_level: 2
  - slug: practitioner
    title: Practitioner
    requirements:
      - kind: practicum_accepted
        rubric:
          - {key: narrative, title: Narrative, weight: 40}
          - {key: reflection, title: Reflection, weight: 60}
        pass_mark: 50
        moderation_threshold: 15
  - slug: accredited
    title: Accredited
    award: Accredited Partnership Broker
    requirements:
      - kind: ethics_signed
      - kind: admin_approval
"""
ETHICS = "# Commitment\n\nI will be honest with every partner.\n"


@pytest.fixture(scope="module")
def shipped():
    """The courses shipped in courses/, which pathways here refer to."""
    return load_course_content(REPO_ROOT / "courses")


@pytest.fixture
def write_pathway(tmp_path):
    """Write ``tmp_path/pathways/<slug>.yaml`` and its ethics file; returns the YAML's path."""

    def write(text=PATHWAY_YAML, *, slug="broker", ethics=ETHICS):
        folder = tmp_path / "pathways"
        folder.mkdir(exist_ok=True)
        if ethics is not None:
            (folder / "ethics.md").write_text(ethics, encoding="utf-8")
        path = folder / f"{slug}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def problems(tmp_path, shipped):
    """The problems of loading ``tmp_path/pathways``, one string each."""

    def find():
        with pytest.raises(ContentError) as caught:
            load_pathways(tmp_path, shipped)
        return [str(problem) for problem in caught.value.problems]

    return find


@pytest.fixture
def loaded(tmp_path, shipped):
    def load():
        [(slug, spec)] = load_pathways(tmp_path, shipped)
        return spec

    return load


def test_the_shipped_pathway_validates_against_the_shipped_courses(shipped):
    [(slug, spec)] = load_pathways(REPO_ROOT / "courses", shipped)
    assert slug == "partnership-broker"
    assert [stage.slug for stage in spec.stages] == ["foundation", "practitioner", "accredited"]
    assert spec.stages[-1].award == "Accredited Partnership Broker"
    assert (spec.renewal.every_years, spec.renewal.cpd_hours) == (3, 45)
    assert spec.ethics_text is not None
    assert spec.ethics_text.startswith("# Ethical commitment")
    foundation = [requirement.key for requirement in spec.stages[0].requirements]
    assert [key for key in foundation if key.startswith("course:")] == [
        "course:negotiation",
        "course:partnership-language",
        "course:risk-sharing",
    ]
    assert sum(key.startswith("quiz:") for key in foundation) == 11
    assert sum(key.startswith("roleplay:") for key in foundation) == 3
    assert sum(key.startswith("written:") for key in foundation) == 3
    [practicum] = spec.stages[1].requirements
    assert isinstance(practicum, PracticumAccepted)
    weights = {criterion.key: criterion.weight for criterion in practicum.rubric}
    assert weights == {"narrative": 20, "aims": 25, "reflection": 30, "principles": 25}
    assert (practicum.weeks, practicum.pass_mark, practicum.moderation_threshold) == (12, 50, 15)
    assert [r.key for r in spec.stages[2].requirements] == ["ethics", "approval"]


def test_the_shipped_pathway_loads_its_courses_itself():
    [(slug, _)] = load_pathways(REPO_ROOT / "courses")
    assert slug == "partnership-broker"


def test_requirements_have_stable_keys_and_titles_from_the_courses(write_pathway, loaded):
    write_pathway()
    spec = loaded()
    titles = {requirement.key: requirement.title for requirement in spec.requirements()}
    assert titles == {
        "course:negotiation": "Complete the course “Negotiation for partnership brokers”",
        "quiz:negotiation/power-and-balance-check": (
            "Pass “Power and balance check” with 70% or more"
        ),
        "roleplay:negotiation/water-for-the-east-district": (
            "Pass the role-play “Water for the east district”"
        ),
        "written:negotiation/prepare-the-negotiation": (
            "Have “Prepare the negotiation on a new fish landing site” assessed at level 2 or above"
            " on every criterion"
        ),
        "practicum": "Complete a 12-week practicum, accepted by its assessors",
        "ethics": "Sign the ethics commitment",
        "approval": "Approval by the accreditation panel",
    }


def test_a_label_the_author_gives_is_kept(write_pathway, loaded):
    write_pathway(
        PATHWAY_YAML.replace(
            "course: negotiation\n", "course: negotiation\n        label: Read it all\n", 1
        )
    )
    assert loaded().requirements()[0].title == "Read it all"


def test_a_field_inside_a_requirement_is_named_at_its_line(write_pathway, problems):
    path = write_pathway(PATHWAY_YAML.replace("min_percent: 70", "min_percent: 170"))
    assert problems() == [
        f"{path}:13: stages[0].requirements[1].quiz_passed.min_percent: "
        "Input should be less than or equal to 100 (got 170)"
    ]


def test_an_unknown_requirement_kind_is_refused(write_pathway, problems):
    path = write_pathway(PATHWAY_YAML.replace("kind: admin_approval", "kind: admin_aproval"))
    [problem] = problems()
    assert problem.startswith(f"{path}:36: stages[2].requirements[1]: Input tag 'admin_aproval'")


def test_an_unknown_field_is_refused(write_pathway, problems):
    path = write_pathway(PATHWAY_YAML.replace("version:", "versoin:"))
    assert f"{path}:2: versoin: Extra inputs are not permitted" in problems()


def test_stage_slugs_must_be_unique(write_pathway, problems):
    path = write_pathway(PATHWAY_YAML.replace("slug: practitioner", "slug: foundation"))
    assert problems() == [f"{path}:1: stage slugs must be unique: foundation"]


def test_a_requirement_may_appear_once_in_a_pathway(write_pathway, problems):
    text = PATHWAY_YAML.replace("      - kind: admin_approval\n", "      - kind: ethics_signed\n")
    text = text.replace(
        "    requirements:\n", "    requirements:\n      - kind: ethics_signed\n", 1
    )
    path = write_pathway(text)
    assert problems() == [f"{path}:1: each requirement may appear once in a pathway: ethics"]


def test_the_last_stage_must_award_a_certificate(write_pathway, problems):
    path = write_pathway(PATHWAY_YAML.replace("    award: Accredited Partnership Broker\n", ""))
    assert problems() == [f"{path}:1: the last stage must award a certificate: give it an 'award'"]


def test_two_stages_may_not_award_the_same_certificate(write_pathway, problems):
    text = PATHWAY_YAML.replace(
        "    title: Foundation\n",
        "    title: Foundation\n    award: Accredited Partnership Broker\n",
    )
    path = write_pathway(text)
    assert problems() == [
        f"{path}:1: each stage must award a different certificate: Accredited Partnership Broker"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("weight: 60}", "the rubric's weights add up to 90, not the total 100"),
        ("key: reflection,", "criterion keys must be unique: narrative"),
        ("pass_mark: 50", "'pass_mark' must not exceed the total 100"),
        ("moderation_threshold: 15", "'moderation_threshold' must be below the total 100"),
    ],
)
def test_a_practicum_rubric_must_add_up(write_pathway, problems, change, message):
    replacement = {
        "weight: 60}": "weight: 50}",
        "key: reflection,": "key: narrative,",
        "pass_mark: 50": "pass_mark: 101",
        "moderation_threshold: 15": "moderation_threshold: 100",
    }[change]
    path = write_pathway(PATHWAY_YAML.replace(change, replacement))
    assert problems() == [f"{path}:25: stages[1].requirements[0].practicum_accepted: {message}"]


def test_a_practicum_may_be_marked_out_of_another_total(write_pathway, loaded):
    text = PATHWAY_YAML.replace("weight: 40}", "weight: 80}").replace("weight: 60}", "weight: 120}")
    write_pathway(
        text.replace("        pass_mark: 50", "        total: 200\n        pass_mark: 150")
    )
    [practicum] = loaded().stages[1].requirements
    assert isinstance(practicum, PracticumAccepted)
    assert (practicum.total, practicum.pass_mark) == (200, 150)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "course: negotiation\n      - kind: quiz",
            "course: mediation\n      - kind: quiz",
            9,
            "stages[0].requirements[0].course: no course 'mediation' in the courses folder",
        ),
        (
            "quiz: power-and-balance-check",
            "quiz: power-check",
            12,
            "stages[0].requirements[1].quiz: no quiz 'power-check' in course 'negotiation'",
        ),
        (
            "quiz: power-and-balance-check",
            "quiz: negotiation-practice",
            12,
            "stages[0].requirements[1].quiz: 'negotiation-practice' is a practice quiz; "
            "only assessed ones count",
        ),
        (
            "roleplay: water-for-the-east-district",
            "roleplay: water-for-the-west-district",
            16,
            "stages[0].requirements[2].roleplay: "
            "no role-play 'water-for-the-west-district' in course 'negotiation'",
        ),
        (
            "roleplay: water-for-the-east-district",
            "roleplay: first-partners-meeting",
            16,
            "stages[0].requirements[2].roleplay: 'first-partners-meeting' is a live role-play; "
            "roleplay_passed needs a scenario one",
        ),
        (
            "roleplay: prepare-the-negotiation",
            "roleplay: milk-from-smallholders",
            20,
            "stages[0].requirements[3].roleplay: 'milk-from-smallholders' is a scenario "
            "role-play; written_assessed needs a written one",
        ),
        (
            "floors: {trust: 3}",
            "floors: {warmth: 3}",
            17,
            "stages[0].requirements[2].floors.warmth: "
            "no dimension 'warmth' in role-play 'water-for-the-east-district'",
        ),
        (
            "floors: {trust: 3}",
            "floors: {trust: 6}",
            17,
            "stages[0].requirements[2].floors.trust: 6 is outside the dimension's range 0 to 5",
        ),
        (
            "min_level: 2",
            "min_level: 4",
            21,
            "stages[0].requirements[3].min_level: no level worth 4 points in criteria "
            "interests, alternatives, options, plan of role-play 'prepare-the-negotiation'",
        ),
    ],
)
def test_references_to_the_courses_are_checked(write_pathway, problems, old, new, line, message):
    path = write_pathway(PATHWAY_YAML.replace(old, new))
    assert problems() == [f"{path}:{line}: {message}"]


def test_every_problem_of_every_pathway_is_reported(write_pathway, problems):
    first = write_pathway(PATHWAY_YAML.replace("quiz: power-and-balance-check", "quiz: nope"))
    second = write_pathway(
        PATHWAY_YAML.replace("course: negotiation", "course: none"), slug="other"
    )
    found = problems()
    assert len([problem for problem in found if problem.startswith(str(first))]) == 1
    assert len([problem for problem in found if problem.startswith(str(second))]) == 4


def test_the_ethics_file_must_exist(write_pathway, problems):
    path = write_pathway(ethics=None)
    assert problems() == [f"{path}:3: ethics: ethics.md not found beside the pathway file"]


def test_the_ethics_file_must_not_be_empty(write_pathway, problems):
    path = write_pathway(ethics="\n  \n")
    assert problems() == [f"{path}:3: ethics: ethics.md is empty"]


def test_the_ethics_file_stays_beside_the_pathway(write_pathway, problems):
    path = write_pathway(PATHWAY_YAML.replace("ethics: ethics.md", "ethics: ../ethics.md"))
    [problem] = problems()
    assert problem.startswith(f"{path}:3: ethics: String should match pattern")


def test_ethics_text_is_read_from_the_file_only(write_pathway, problems):
    path = write_pathway(PATHWAY_YAML.replace('version: "1.0"', 'version: "1.0"\nethics_text: Hi'))
    assert problems() == [
        f"{path}:3: ethics_text: is read from the file named in 'ethics'; leave it out"
    ]


def test_the_ethics_text_is_loaded(write_pathway, loaded):
    write_pathway()
    assert loaded().ethics_text == ETHICS


def test_a_pathway_file_name_must_be_a_slug(write_pathway, problems):
    path = write_pathway(slug="Broker")
    assert problems() == [f"{path}: file name is not a valid slug"]


def test_other_files_in_the_pathways_folder_are_refused(write_pathway, problems, tmp_path):
    write_pathway()
    (tmp_path / "pathways" / "notes.txt").write_text("draft", encoding="utf-8")
    assert problems() == [f"{tmp_path / 'pathways' / 'notes.txt'}: not a pathway: use a .yaml file"]


def test_a_folder_without_pathways_has_none(tmp_path, shipped):
    assert load_pathways(tmp_path, shipped) == []


def test_a_stored_version_reads_back_as_its_spec(write_pathway, loaded, db_session):
    write_pathway()
    spec = loaded()
    result = sync_pathway(db_session, "broker", spec, now=utcnow())
    version = result.pathway.current_version
    assert spec_of(version) == spec
    assert spec_of(version) is spec_of(version)


def test_sync_creates_then_leaves_an_unchanged_pathway_alone(write_pathway, loaded, db_session):
    write_pathway()
    spec = loaded()
    created = sync_pathway(db_session, "broker", spec, now=utcnow())
    assert (created.outcome, created.version_number) == (SyncOutcome.CREATED, 1)
    assert created.pathway.title == "Broker accreditation"
    again = sync_pathway(db_session, "broker", loaded(), now=utcnow())
    assert (again.outcome, again.version_number) == (SyncOutcome.UNCHANGED, 1)
    assert db_session.scalar(select(func.count()).select_from(PathwayVersion)) == 1


def test_a_changed_file_becomes_a_new_version_and_keeps_the_old(write_pathway, loaded, db_session):
    write_pathway()
    first = sync_pathway(db_session, "broker", loaded(), now=utcnow())
    write_pathway(PATHWAY_YAML.replace("title: Broker accreditation", "title: Broker award"))
    second = sync_pathway(db_session, "broker", loaded(), now=utcnow())
    assert (second.outcome, second.version_number) == (SyncOutcome.NEW_VERSION, 2)
    pathway = db_session.scalars(select(Pathway)).one()
    assert pathway.title == "Broker award"
    assert pathway.current_version is not None
    assert pathway.current_version.number == 2
    versions = db_session.scalars(select(PathwayVersion).order_by(PathwayVersion.number)).all()
    assert [version.spec["title"] for version in versions] == [
        "Broker accreditation",
        "Broker award",
    ]
    assert first.pathway is pathway


def test_changed_ethics_text_makes_a_new_version_with_its_own_hash(
    write_pathway, loaded, db_session
):
    write_pathway()
    first = sync_pathway(db_session, "broker", loaded(), now=utcnow())
    first_hash = first.pathway.current_version.ethics_hash
    assert first_hash == hashlib.sha256(ETHICS.encode()).hexdigest()
    revised = ETHICS + "\nI will declare every interest.\n"
    write_pathway(ethics=revised)
    second = sync_pathway(db_session, "broker", loaded(), now=utcnow())
    version = second.pathway.current_version
    assert (second.outcome, version.number) == (SyncOutcome.NEW_VERSION, 2)
    assert version.ethics_text == revised
    assert version.ethics_hash == hashlib.sha256(revised.encode()).hexdigest() != first_hash
