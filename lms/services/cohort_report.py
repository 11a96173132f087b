"""The cohort report of a pathway: how many trainees have completed each stage, are in progress
or have not started, and where each trainee stands.

Counted in the database with GROUP BY over the stored requirement statuses: two queries,
whatever the number of trainees. A trainee's current stage is the first not complete, taking
stages in order, as accreditation.py does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of
from lms.content.pathways import AnyRequirement, PathwaySpec, StageSpec
from lms.models import Account, AccountRole, Pathway, RequirementState, RequirementStatus, Role
from lms.services.directory import PER_PAGE, Page, PageWindow


@dataclass(frozen=True)
class StageCounts:
    """How many trainees have completed a stage, are working on it, or have not started it."""

    stage: StageSpec
    completed: int
    in_progress: int
    not_started: int


@dataclass(frozen=True)
class TraineeRow:
    """A trainee's place on the pathway: the current stage (None once all are complete) and
    the next requirement to meet."""

    account_id: int
    display_name: str
    email: str
    current_stage: StageSpec | None
    next_step: AnyRequirement | None


@dataclass(frozen=True)
class CohortReport:
    pathway: Pathway
    stages: tuple[StageCounts, ...]
    trainees: Page[TraineeRow]


def report(
    session: Session, pathway: Pathway, *, page: int = 1, per_page: int = PER_PAGE
) -> CohortReport:
    """Count every stage of ``pathway`` and list one page of trainees, by name."""
    if pathway.current_version is None:
        raise ValueError("the pathway has no version")
    spec = spec_of(pathway.current_version)
    standing = _standing(pathway, spec)
    stages = spec.stages
    totals = session.execute(
        select(
            func.count(),
            *(
                func.coalesce(func.sum(case((standing.c.current > index, 1), else_=0)), 0)
                for index in range(len(stages))
            ),
            *(
                func.coalesce(
                    func.sum(
                        case(
                            (
                                (standing.c.current <= index)
                                & (func.coalesce(standing.c[f"touched_{index}"], 0) > 0),
                                1,
                            ),
                            else_=0,
                        )
                    ),
                    0,
                )
                for index in range(len(stages))
            ),
        ).select_from(standing)
    ).one()
    total = int(totals[0])
    counts = tuple(
        StageCounts(
            stage,
            int(totals[1 + index]),
            int(totals[1 + len(stages) + index]),
            total - int(totals[1 + index]) - int(totals[1 + len(stages) + index]),
        )
        for index, stage in enumerate(stages)
    )
    window = PageWindow.of(total, page=page, per_page=per_page)
    rows = session.execute(
        window.apply(
            select(standing.c.account_id, standing.c.display_name, standing.c.email)
            .add_columns(standing.c.current, standing.c.first_unmet)
            .order_by(func.lower(standing.c.display_name), standing.c.email)
        )
    ).all()
    trainees = window.page([_row(spec, *row) for row in rows])
    return CohortReport(pathway, counts, trainees)


def _standing(pathway: Pathway, spec: PathwaySpec) -> Any:
    """Every trainee with their current stage index, first unmet requirement position and,
    per stage, how many requirements they have begun (a subquery)."""
    stages = spec.stages
    positions = {
        (stage.slug, requirement.key): position
        for position, (stage, requirement) in enumerate(
            (stage, requirement) for stage in stages for requirement in stage.requirements
        )
    }
    met = RequirementStatus.state == RequirementState.MET
    begun = RequirementStatus.state != RequirementState.NOT_STARTED
    position = case(
        *(
            (
                (RequirementStatus.stage_slug == slug) & (RequirementStatus.requirement_key == key),
                value,
            )
            for (slug, key), value in positions.items()
        ),
        else_=None,
    )
    columns: list[ColumnElement[Any]] = [RequirementStatus.account_id.label("account_id")]
    for index, stage in enumerate(stages):
        in_stage = RequirementStatus.stage_slug == stage.slug
        columns.append(func.sum(case((in_stage & met, 1), else_=0)).label(f"met_{index}"))
        columns.append(func.sum(case((in_stage & begun, 1), else_=0)).label(f"touched_{index}"))
    columns.append(func.min(case((~met, position), else_=None)).label("first_unmet"))
    by_account = (
        select(*columns)
        .where(
            RequirementStatus.pathway_id == pathway.id,
            position.is_not(None),
        )
        .group_by(RequirementStatus.account_id)
        .subquery()
    )
    current = case(
        *(
            (func.coalesce(by_account.c[f"met_{index}"], 0) < len(stage.requirements), index)
            for index, stage in enumerate(stages)
        ),
        else_=len(stages),
    )
    trainees: Select[Any] = (
        select(
            Account.id.label("account_id"),
            Account.display_name,
            Account.email,
            current.label("current"),
            by_account.c.first_unmet,
            *(by_account.c[f"touched_{index}"] for index in range(len(stages))),
        )
        .join(
            AccountRole, (AccountRole.account_id == Account.id) & (AccountRole.role == Role.TRAINEE)
        )
        .outerjoin(by_account, by_account.c.account_id == Account.id)
    )
    return trainees.subquery()


def _row(
    spec: PathwaySpec,
    account_id: int,
    display_name: str,
    email: str,
    current: int,
    first_unmet: int | None,
) -> TraineeRow:
    if current >= len(spec.stages):
        return TraineeRow(account_id, display_name, email, None, None)
    stage = spec.stages[current]
    requirements: Sequence[AnyRequirement] = spec.requirements()
    unmet = requirements[first_unmet] if first_unmet is not None else None
    next_step = unmet if unmet is not None and unmet in stage.requirements else None
    return TraineeRow(account_id, display_name, email, stage, next_step or stage.requirements[0])
