"""Accreditation pathways (``courses/pathways/<slug>.yaml``): ordered stages of requirements.

A requirement is one of a registry of kinds, told apart by ``kind``; each has a stable ``key``
that progress is recorded under, so a reworded title never loses what a trainee has met. What
only the course files know (a course, quiz or role-play exists) is checked by pathway_loader.py.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from lms.content.specs import Key, Slug, Spec, Title

VersionLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
# A Markdown file beside the pathway's YAML, named without folders.
MarkdownFile = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*\.md$")]


class RequirementBase(Spec):
    """What every requirement has: an optional ``label`` an author may give as its title."""

    label: Title | None = None

    @property
    @abstractmethod
    def key(self) -> str:
        """The stable id progress is recorded under; unique within a pathway."""

    @property
    def title(self) -> str:
        """What trainees read: the author's label, else a description of the requirement."""
        return self.label or self.default_title()

    @abstractmethod
    def default_title(self) -> str:
        """Describe the requirement from its own fields, for want of a label."""


class CourseCompleted(RequirementBase):
    """Every lesson of a course completed."""

    kind: Literal["course_completed"]
    course: Slug

    @property
    def key(self) -> str:
        return f"course:{self.course}"

    def default_title(self) -> str:
        return f"Complete the course {self.course}"


class QuizPassed(RequirementBase):
    """An assessed quiz of a course passed with a grade of at least ``min_percent``."""

    kind: Literal["quiz_passed"]
    course: Slug
    quiz: Slug
    min_percent: int = Field(ge=0, le=100)

    @property
    def key(self) -> str:
        return f"quiz:{self.course}/{self.quiz}"

    def default_title(self) -> str:
        return f"Pass the quiz {self.quiz} with {self.min_percent}% or more"


class RoleplayPassed(RequirementBase):
    """A scenario role-play passed, each dimension in ``floors`` at least at its score."""

    kind: Literal["roleplay_passed"]
    course: Slug
    roleplay: Slug
    floors: dict[Key, int] = {}

    @property
    def key(self) -> str:
        return f"roleplay:{self.course}/{self.roleplay}"

    def default_title(self) -> str:
        return f"Pass the role-play {self.roleplay}"


class WrittenAssessed(RequirementBase):
    """A written role-play assessed with every rubric criterion at a level worth at least
    ``min_level`` points."""

    kind: Literal["written_assessed"]
    course: Slug
    roleplay: Slug
    min_level: int = Field(ge=0, le=100)

    @property
    def key(self) -> str:
        return f"written:{self.course}/{self.roleplay}"

    def default_title(self) -> str:
        return f"Written role-play {self.roleplay} assessed at level {self.min_level} or above"


class PracticumCriterion(Spec):
    """A criterion a practicum is marked on; ``weight`` is the marks it is out of."""

    key: Key
    title: Title
    weight: int = Field(ge=1, le=1000)


class PracticumAccepted(RequirementBase):
    """A supervised practicum of ``weeks`` weeks, marked on ``rubric`` and accepted.

    It passes with ``pass_mark`` marks of ``total``; two markers' totals further apart than
    ``moderation_threshold`` marks send it to moderation.
    """

    kind: Literal["practicum_accepted"]
    weeks: int = Field(default=12, ge=1, le=104)
    total: int = Field(default=100, ge=1, le=1000)
    rubric: list[PracticumCriterion] = Field(min_length=1)
    pass_mark: int = Field(ge=1)
    moderation_threshold: int = Field(ge=1)

    @model_validator(mode="after")
    def _marks_add_up(self) -> PracticumAccepted:
        _require_once("criterion keys must be unique", [item.key for item in self.rubric])
        weights = sum(criterion.weight for criterion in self.rubric)
        if weights != self.total:
            raise ValueError(
                f"the rubric's weights add up to {weights}, not the total {self.total}"
            )
        if self.pass_mark > self.total:
            raise ValueError(f"'pass_mark' must not exceed the total {self.total}")
        if self.moderation_threshold >= self.total:
            raise ValueError(f"'moderation_threshold' must be below the total {self.total}")
        return self

    @property
    def key(self) -> str:
        return "practicum"

    def default_title(self) -> str:
        return f"Complete a {self.weeks}-week practicum, accepted by its assessors"


class EthicsSigned(RequirementBase):
    """The pathway's ethics commitment signed, in the version current when signing."""

    kind: Literal["ethics_signed"]

    @property
    def key(self) -> str:
        return "ethics"

    def default_title(self) -> str:
        return "Sign the ethics commitment"


class AdminApproval(RequirementBase):
    """An administrator's approval, given after reviewing the whole case."""

    kind: Literal["admin_approval"]

    @property
    def key(self) -> str:
        return "approval"

    def default_title(self) -> str:
        return "Approval by the accreditation panel"


AnyRequirement = (
    CourseCompleted
    | QuizPassed
    | RoleplayPassed
    | WrittenAssessed
    | PracticumAccepted
    | EthicsSigned
    | AdminApproval
)
RequirementSpec = Annotated[AnyRequirement, Field(discriminator="kind")]


class StageSpec(Spec):
    """A stage of a pathway; ``award`` is the title its certificate bears, None for no
    certificate."""

    slug: Slug
    title: Title
    award: Title | None = None
    requirements: list[RequirementSpec] = Field(min_length=1)


class Renewal(Spec):
    """How long accreditation lasts, and the CPD hours needed to renew it."""

    every_years: int = Field(default=3, ge=1, le=10)
    cpd_hours: int = Field(default=45, ge=0, le=1000)


class PathwaySpec(Spec):
    """A pathway file: title, version label, ethics commitment, renewal and ordered stages.

    ``ethics`` names a Markdown file beside the YAML; the loader reads it into ``ethics_text``.
    """

    title: Title
    summary: str = ""
    version: VersionLabel
    ethics: MarkdownFile
    ethics_text: str | None = None
    renewal: Renewal = Renewal()
    stages: list[StageSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> PathwaySpec:
        _require_once("stage slugs must be unique", [stage.slug for stage in self.stages])
        keys = [requirement.key for requirement in self.requirements()]
        _require_once("each requirement may appear once in a pathway", keys)
        awards = [stage.award for stage in self.stages if stage.award is not None]
        _require_once("each stage must award a different certificate", awards)
        if self.stages[-1].award is None:
            raise ValueError("the last stage must award a certificate: give it an 'award'")
        return self

    def stage(self, slug: str) -> StageSpec | None:
        return next((stage for stage in self.stages if stage.slug == slug), None)

    def requirements(self) -> list[AnyRequirement]:
        return [requirement for stage in self.stages for requirement in stage.requirements]


def _require_once(rule: str, values: list[str]) -> None:
    repeated = sorted({value for value in values if values.count(value) > 1})
    if repeated:
        raise ValueError(f"{rule}: {', '.join(repeated)}")
