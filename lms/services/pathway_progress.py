"""A trainee's standing on pathways as pages show it: stages, bars, the current stage and the
next step, read from the statuses accreditation.refresh stores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, joinedload

from lms.content.pathway_sync import spec_of
from lms.content.pathways import (
    AnyRequirement,
    PathwaySpec,
    RoleplayPassed,
    StageSpec,
    WrittenAssessed,
)
from lms.models import (
    Course,
    Pathway,
    PathwayVersion,
    RequirementState,
    RequirementStatus,
    Roleplay,
)
from lms.services.errors import NotFound
from lms.services.requirement_standing import NOT_STARTED, Standing


def pathways(session: Session) -> list[Pathway]:
    """Every pathway with a published version, by title, versions loaded (one query)."""
    return list(
        session.scalars(
            select(Pathway)
            .where(Pathway.current_version_id.is_not(None))
            .options(joinedload(Pathway.current_version))
            .order_by(Pathway.title)
        )
    )


def find_pathway(session: Session, slug: str) -> Pathway | None:
    """The pathway named ``slug`` if it has a published version."""
    return session.scalars(
        select(Pathway)
        .where(Pathway.slug == slug, Pathway.current_version_id.is_not(None))
        .options(joinedload(Pathway.current_version))
    ).one_or_none()


def current_version(pathway: Pathway) -> PathwayVersion:
    """The pathway's published version; raises NotFound if it has none yet."""
    if pathway.current_version is None:
        raise NotFound("This pathway has no published version.")
    return pathway.current_version


def roleplay_ids(
    session: Session, requirements: Iterable[AnyRequirement]
) -> dict[tuple[str, str], int]:
    """The ids of the role-plays ``requirements`` name, by (course slug, role-play slug)."""
    named = {
        (r.course, r.roleplay)
        for r in requirements
        if isinstance(r, RoleplayPassed | WrittenAssessed)
    }
    if not named:
        return {}
    rows = session.execute(
        select(Course.slug, Roleplay.slug, Roleplay.id)
        .join(Roleplay, Roleplay.course_id == Course.id)
        .where(tuple_(Course.slug, Roleplay.slug).in_(list(named)))
    )
    return {(course, roleplay): roleplay_id for course, roleplay, roleplay_id in rows}


@dataclass(frozen=True)
class RequirementProgress:
    """One requirement as pages show it."""

    requirement: AnyRequirement
    standing: Standing

    @property
    def is_met(self) -> bool:
        return self.standing.state is RequirementState.MET


@dataclass(frozen=True)
class StageProgress:
    """One stage with its requirements; ``is_complete`` counts earlier stages too."""

    stage: StageSpec
    requirements: tuple[RequirementProgress, ...]
    is_complete: bool

    @property
    def percent(self) -> int:
        """The mean of the requirements' percentages, 100 only when all are met."""
        total = sum(item.standing.percent for item in self.requirements)
        percent = total // len(self.requirements) if self.requirements else 0
        return 100 if all(item.is_met for item in self.requirements) else min(percent, 99)


@dataclass(frozen=True)
class PathwayProgress:
    """A trainee's standing on a whole pathway, its current stage and the next step."""

    pathway: Pathway
    spec: PathwaySpec
    stages: tuple[StageProgress, ...]

    @property
    def current_stage(self) -> StageProgress | None:
        """The first stage not complete, None once every stage is."""
        return next((stage for stage in self.stages if not stage.is_complete), None)

    @property
    def next_step(self) -> RequirementProgress | None:
        """The first unmet requirement of the current stage."""
        stage = self.current_stage
        if stage is None:
            return None
        return next((item for item in stage.requirements if not item.is_met), None)

    @property
    def completed_stages(self) -> list[str]:
        return [stage.stage.slug for stage in self.stages if stage.is_complete]


def of_pathway(session: Session, account_id: int, pathway: Pathway) -> PathwayProgress:
    """Read ``account_id``'s stored standing on ``pathway`` (one query, plus its version)."""
    return of_pathways(session, account_id, [pathway])[0]


def of_pathways(
    session: Session, account_id: int, pathways: Sequence[Pathway]
) -> list[PathwayProgress]:
    """Read ``account_id``'s stored standing on several pathways in one query."""
    versions = {p.id: p.current_version for p in pathways}
    rows = session.scalars(
        select(RequirementStatus).where(
            RequirementStatus.account_id == account_id,
            RequirementStatus.pathway_id.in_(list(versions)),
        )
    )
    stored = {(row.pathway_id, row.stage_slug, row.requirement_key): row for row in rows}
    found = []
    for pathway in pathways:
        version = versions[pathway.id]
        if version is None:
            continue
        spec = spec_of(version)
        stages: list[StageProgress] = []
        for stage in spec.stages:
            items = tuple(
                RequirementProgress(
                    requirement, _standing(stored.get((pathway.id, stage.slug, requirement.key)))
                )
                for requirement in stage.requirements
            )
            earlier = all(done.is_complete for done in stages)
            stages.append(
                StageProgress(stage, items, earlier and all(item.is_met for item in items))
            )
        found.append(PathwayProgress(pathway, spec, tuple(stages)))
    return found


def _standing(row: RequirementStatus | None) -> Standing:
    if row is None:
        return NOT_STARTED
    return Standing(row.state, row.percent, row.evidence, row.met_at)
