"""Who has earned a certificate: stages completed, in order, without a live certificate yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import (
    CTE,
    Integer,
    String,
    Subquery,
    and_,
    case,
    distinct,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of
from lms.content.pathways import PathwaySpec, StageSpec
from lms.models import Account, Certificate, Pathway, RequirementState, RequirementStatus
from lms.services import pathway_progress
from lms.services.directory import PER_PAGE, Page, PageWindow
from lms.services.errors import NotFound


@dataclass(frozen=True)
class Candidate:
    """A trainee who has completed a stage with an award and holds no live certificate for it."""

    account: Account
    stage_slug: str
    award_title: str


def pathway_spec(pathway: Pathway) -> PathwaySpec:
    """The current spec of ``pathway``. Raises NotFound when it has none."""
    return spec_of(pathway_progress.current_version(pathway))


def awarded_stage(spec: PathwaySpec, stage_slug: str) -> StageSpec:
    """The stage ``stage_slug`` when it awards a certificate. Raises NotFound."""
    stage = spec.stage(stage_slug)
    if stage is None or stage.award is None:
        raise NotFound(f"The stage {stage_slug!r} awards no certificate.")
    return stage


def eligible(
    session: Session, pathway: Pathway, *, page: int = 1, per_page: int = PER_PAGE
) -> Page[Candidate]:
    """Return page ``page`` of who may be issued a certificate now, by stage then name.

    The database finds, counts and pages them (two queries, three with the accounts' roles),
    so the page costs the same for ten graduates or ten thousand. A stage counts as completed
    as ``accreditation.stage_complete`` says: its requirements and those of every earlier stage
    met.
    """
    spec = pathway_spec(pathway)
    waiting = _waiting(pathway, spec)
    total = session.scalar(select(func.count()).select_from(waiting))
    window = PageWindow.of(total or 0, page=page, per_page=per_page)
    rows = session.execute(
        window.apply(
            select(Account, waiting.c.stage_slug)
            .join(waiting, Account.id == waiting.c.account_id)
            .order_by(waiting.c.position, func.lower(Account.display_name), Account.id)
        )
    ).all()
    awards = {stage.slug: str(stage.award) for stage in spec.stages}
    return window.page([Candidate(account, slug, awards[slug]) for account, slug in rows])


def _waiting(pathway: Pathway, spec: PathwaySpec) -> Subquery:
    """(account_id, stage_slug, position) of each completed stage that awards a certificate
    its holder does not hold live yet. A valid pathway's last stage always awards one."""
    met = _met_stages(pathway, spec)
    completions = [
        select(
            met.c.account_id,
            literal(stage.slug, String).label("stage_slug"),
            literal(position, Integer).label("position"),
        )
        .where(met.c.stage_slug.in_([earlier.slug for earlier in spec.stages[: position + 1]]))
        .group_by(met.c.account_id)
        .having(func.count() == position + 1)
        for position, stage in enumerate(spec.stages)
        if stage.award is not None
    ]
    completed = union_all(*completions).subquery("completed")
    live = (
        select(Certificate.id)
        .where(
            Certificate.pathway_id == pathway.id,
            Certificate.account_id == completed.c.account_id,
            Certificate.stage_slug == completed.c.stage_slug,
            Certificate.is_live,
        )
        .exists()
    )
    return select(completed).where(~live).subquery("waiting")


def _met_stages(pathway: Pathway, spec: PathwaySpec) -> CTE:
    """(account_id, stage_slug) of every stage whose own requirements are all met.

    Every stage has at least one requirement (the pathway schema says so), so a trainee has
    completed stage *n* when the first *n* stages are all in this set.
    """
    needed = {stage.slug: len({item.key for item in stage.requirements}) for stage in spec.stages}
    return (
        select(RequirementStatus.account_id, RequirementStatus.stage_slug)
        .where(
            RequirementStatus.pathway_id == pathway.id,
            RequirementStatus.state == RequirementState.MET,
            or_(
                *(
                    and_(
                        RequirementStatus.stage_slug == stage.slug,
                        RequirementStatus.requirement_key.in_(
                            [item.key for item in stage.requirements]
                        ),
                    )
                    for stage in spec.stages
                )
            ),
        )
        .group_by(RequirementStatus.account_id, RequirementStatus.stage_slug)
        .having(
            func.count(distinct(RequirementStatus.requirement_key))
            == case(needed, value=RequirementStatus.stage_slug)
        )
        .cte("met_stages")
    )
