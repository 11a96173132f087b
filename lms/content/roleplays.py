"""Role-play files (``courses/<slug>/roleplays/*.yaml``): a registry of kinds, each with its spec.

``scenario`` is a branching negotiation a trainee plays alone against stakeholder personas;
``written`` asks for a written answer a trainer assesses with a rubric; ``live`` is a session in
which trainees play the parties, each with a confidential brief, and a trainer assesses them.
What the graph of a scenario must satisfy is checked in scenarios.py.
"""

from __future__ import annotations

import enum
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, model_validator

from lms.content.errors import ContentError, ContentProblem
from lms.content.loader import COURSE_FILE, read_spec, read_text
from lms.content.rubrics import RubricPass, RubricSpec, require_unique
from lms.content.specs import CourseSpec, Key, NonBlank, Slug, Spec, Title
from lms.models.accounts import Sector
from lms.models.roleplay import RoleplayKind

ROLEPLAY_FOLDER = "roleplays"


class Persona(Spec):
    """A stakeholder a trainee negotiates with, speaking for one party."""

    id: Key
    name: Title
    organisation: Title
    sector: Sector
    role: str = ""
    interests: list[NonBlank] = Field(min_length=1)
    hidden_concerns: list[NonBlank] = []
    vocabulary: list[NonBlank] = []
    relationship: int = Field(default=0, ge=-10, le=10)


class Dimension(Spec):
    """A scored quality of the negotiation, bounded; ``target`` is what a good outcome reaches,
    ``floor`` what a passing one must not fall below."""

    id: Key
    label: Title
    description: str = ""
    start: int = 0
    min: int = 0
    max: int = 10
    target: int
    floor: int | None = None

    @model_validator(mode="after")
    def _within_bounds(self) -> Dimension:
        if self.min >= self.max:
            raise ValueError("'min' must be below 'max'")
        for name in ("start", "target", "floor"):
            value = getattr(self, name)
            if value is not None and not self.min <= value <= self.max:
                raise ValueError(f"'{name}' must lie between min {self.min} and max {self.max}")
        return self


class Line(Spec):
    """What a persona says at a node."""

    persona: Key
    text: NonBlank


class Route(Spec):
    """Where a choice leads: to ``to`` when ``if`` holds (or always, without ``if``)."""

    when: str | None = Field(default=None, alias="if")
    to: Key


class Choice(Spec):
    """A reply the trainee may give, its effects, the feedback shown after it, and where it leads.

    ``next`` is a node or ending id, or a list of routes whose last one has no condition.
    ``requires`` offers the choice only while its condition holds.
    """

    id: Key
    text: NonBlank
    effects: dict[Key, int] = {}
    relationships: dict[Key, int] = {}
    feedback: NonBlank
    requires: str | None = None
    next: Key | list[Route]

    @model_validator(mode="after")
    def _last_route_unconditional(self) -> Choice:
        if isinstance(self.next, list):
            if not self.next:
                raise ValueError("'next' needs at least one route")
            if self.next[-1].when is not None:
                raise ValueError("the last route of 'next' must have no 'if', so one always holds")
        return self

    @property
    def routes(self) -> list[Route]:
        return self.next if isinstance(self.next, list) else [Route(to=self.next)]


class Node(Spec):
    """A moment of the scenario: narration, what personas say, and the trainee's choices."""

    title: Title
    narration: str = ""
    lines: list[Line] = []
    choices: list[Choice] = []

    @model_validator(mode="after")
    def _choices_distinct(self) -> Node:
        require_unique("choice", [choice.id for choice in self.choices])
        return self


class Outcome(enum.StrEnum):
    """How an ending turned out for the partnership."""

    SUCCESS = "success"
    PARTIAL = "partial"
    FAILURE = "failure"


class Ending(Spec):
    """Where a scenario ends, and the debrief a trainee reads there."""

    title: Title
    outcome: Outcome
    debrief: NonBlank


class ScenarioPass(Spec):
    """What a finished play needs to pass: one of ``endings`` (all but failures when left out),
    each dimension at or above its floor, and each value of ``minimum`` reached."""

    endings: list[Key] | None = None
    minimum: dict[Key, int] = {}


class RoleplayBase(Spec):
    """What every role-play has: a title, the module it belongs to, and an introduction."""

    title: Title
    module: Slug | None = None
    summary: str = ""


class ScenarioSpec(RoleplayBase):
    """A branching negotiation against stakeholder personas (see the module docstring)."""

    kind: Literal[RoleplayKind.SCENARIO]
    situation: NonBlank
    personas: list[Persona] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    relationship_range: tuple[int, int] = (-5, 5)
    start: Key
    nodes: dict[Key, Node] = Field(min_length=1)
    endings: dict[Key, Ending] = Field(min_length=1)
    passing: ScenarioPass = Field(default_factory=ScenarioPass, alias="pass")

    @model_validator(mode="after")
    def _names_distinct(self) -> ScenarioSpec:
        require_unique("persona", [persona.id for persona in self.personas])
        require_unique("dimension", [dimension.id for dimension in self.dimensions])
        low, high = self.relationship_range
        if low >= high:
            raise ValueError("'relationship_range' must go from low to high")
        shared = sorted(set(self.nodes) & set(self.endings))
        if shared:
            raise ValueError(f"nodes and endings share ids: {', '.join(shared)}")
        return self

    def persona(self, persona_id: str) -> Persona | None:
        return next((persona for persona in self.personas if persona.id == persona_id), None)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((dim for dim in self.dimensions if dim.id == dimension_id), None)


class WrittenSpec(RoleplayBase):
    """A written role-play: the trainee's role and brief, the rubric, and the pass mark."""

    kind: Literal[RoleplayKind.WRITTEN]
    role: NonBlank
    brief: NonBlank
    reflection_prompt: str = ""
    rubric: RubricSpec
    passing: RubricPass = Field(default_factory=RubricPass, alias="pass")


class Party(Spec):
    """A party of a live session, with the brief only its players may read."""

    id: Key
    name: Title
    sector: Sector
    brief: NonBlank


class LiveSpec(RoleplayBase):
    """A live multi-party session: a shared situation, confidential briefs, and a rubric."""

    kind: Literal[RoleplayKind.LIVE]
    situation: NonBlank
    parties: list[Party] = Field(min_length=2)
    duration_minutes: int = Field(default=60, ge=5, le=8 * 60)
    rubric: RubricSpec
    passing: RubricPass = Field(default_factory=RubricPass, alias="pass")

    @model_validator(mode="after")
    def _parties_distinct(self) -> LiveSpec:
        require_unique("party", [party.id for party in self.parties])
        return self

    def party(self, party_id: str) -> Party | None:
        return next((party for party in self.parties if party.id == party_id), None)


AnyRoleplaySpec = ScenarioSpec | WrittenSpec | LiveSpec
RubricRoleplaySpec = WrittenSpec | LiveSpec

KINDS: dict[RoleplayKind, type[AnyRoleplaySpec]] = {
    RoleplayKind.SCENARIO: ScenarioSpec,
    RoleplayKind.WRITTEN: WrittenSpec,
    RoleplayKind.LIVE: LiveSpec,
}


def parse_spec(data: dict[str, Any]) -> AnyRoleplaySpec:
    """Rebuild a stored spec (as saved with ``dump_spec``)."""
    return KINDS[RoleplayKind(data["kind"])].model_validate(data)


def dump_spec(spec: AnyRoleplaySpec) -> dict[str, Any]:
    """The spec as JSON-ready data, with the aliases the files use so it reads back."""
    data: dict[str, Any] = spec.model_dump(mode="json", by_alias=True)
    return data


def load_roleplays(course_folder: Path, *, module_slugs: set[str]) -> dict[str, AnyRoleplaySpec]:
    """Read every role-play of a course folder, keyed by file name; scenario graphs are checked.

    Raises ContentError listing every problem of every file.
    """
    from lms.content import scenario_checks  # the checks build on this module's specs

    folder = course_folder / ROLEPLAY_FOLDER
    if not folder.is_dir():
        return {}
    problems: list[ContentProblem] = []
    loaded: dict[str, AnyRoleplaySpec] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix not in {".yaml", ".yml"}:
            problems.append(ContentProblem(path, "", None, "not a role-play: use a .yaml file"))
            continue
        try:
            model = KINDS[_kind_of(path)]
            source, spec = read_spec(path, model, expected="role-play fields (kind, title...)")
        except ContentError as error:
            problems += error.problems
            continue
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem):
            problems.append(ContentProblem(path, "", None, "file name is not a valid slug"))
        if spec.module is not None and spec.module not in module_slugs:
            problems.append(source.problem(("module",), f"no module '{spec.module}' in course"))
        if isinstance(spec, ScenarioSpec):
            problems += [
                source.problem(loc, message) for loc, message in scenario_checks.check_graph(spec)
            ]
        loaded[path.stem] = spec
    if problems:
        raise ContentError(problems)
    return loaded


def _kind_of(path: Path) -> RoleplayKind:
    """Read which kind of role-play a file holds, to validate it against that kind's spec."""
    try:
        data = yaml.safe_load(read_text(path))
    except yaml.YAMLError:
        return RoleplayKind.SCENARIO  # read_spec then names the line of the bad YAML
    kind = data.get("kind") if isinstance(data, dict) else None
    try:
        return RoleplayKind(str(kind))
    except ValueError:
        known = ", ".join(kind.value for kind in RoleplayKind)
        message = f"'kind' must be one of {known}" + (f" (got {kind!r})" if kind else "")
        raise ContentError([ContentProblem(path, "kind", _line_of_kind(path), message)]) from None


def _line_of_kind(path: Path) -> int | None:
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        if line.startswith("kind:"):
            return number
    return None


def load_course_roleplays(
    path: Path, courses: list[tuple[str, CourseSpec]]
) -> dict[str, dict[str, AnyRoleplaySpec]]:
    """Load the role-plays of ``courses`` as loaded from ``path`` (one course folder or a root).

    Raises ContentError listing the problems of every course.
    """
    single = (path / COURSE_FILE).exists()
    loaded: dict[str, dict[str, AnyRoleplaySpec]] = {}
    problems: list[ContentProblem] = []
    for slug, spec in courses:
        module_slugs = {module.slug for module in spec.modules}
        try:
            loaded[slug] = load_roleplays(
                path if single else path / slug, module_slugs=module_slugs
            )
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return loaded
