"""Who has earned a certificate: stages completed, in order, without a live certificate yet."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of
from lms.content.pathways import PathwaySpec, StageSpec
from lms.models import Account, Certificate, Pathway, RequirementState, RequirementStatus
from lms.services import pathway_progress
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


def eligible(session: Session, pathway: Pathway) -> list[Candidate]:
    """Return who may be issued a certificate now, by stage then name, in four queries.

    A stage counts as completed as ``accreditation.stage_complete`` says: its requirements and
    those of every earlier stage met.
    """
    spec = pathway_spec(pathway)
    completed = _completions(session, pathway, spec)
    live = set(
        session.execute(
            select(Certificate.account_id, Certificate.stage_slug).where(
                Certificate.pathway_id == pathway.id,
                Certificate.revoked_at.is_(None),
                Certificate.superseded_by_id.is_(None),
            )
        ).all()
    )
    wanted = completed - live
    ids = {account_id for account_id, _ in wanted}
    accounts = {
        account.id: account
        for account in session.scalars(select(Account).where(Account.id.in_(ids)))
    }
    stages = {stage.slug: (position, stage) for position, stage in enumerate(spec.stages)}
    candidates = [
        Candidate(accounts[account_id], slug, str(stages[slug][1].award))
        for account_id, slug in wanted
    ]
    return sorted(
        candidates,
        key=lambda c: (stages[c.stage_slug][0], c.account.display_name, c.account.id),
    )


def _completions(session: Session, pathway: Pathway, spec: PathwaySpec) -> set[tuple[int, str]]:
    """The (account id, stage slug) pairs of completed stages that award a certificate.

    The database counts each trainee's met requirements per stage, so one row comes back per
    completed (trainee, stage) rather than one per requirement.
    """
    wanted = [stage for stage in spec.stages if stage.requirements]
    needed = {stage.slug: len({item.key for item in stage.requirements}) for stage in wanted}
    met: dict[int, set[str]] = {}
    if wanted:
        rows = session.execute(
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
                        for stage in wanted
                    )
                ),
            )
            .group_by(RequirementStatus.account_id, RequirementStatus.stage_slug)
            .having(
                func.count(distinct(RequirementStatus.requirement_key))
                == case(needed, value=RequirementStatus.stage_slug)
            )
        ).all()
        for account_id, slug in rows:
            met.setdefault(account_id, set()).add(slug)
    pairs: set[tuple[int, str]] = set()
    for account_id, slugs in met.items():
        for stage in spec.stages:
            if stage.requirements and stage.slug not in slugs:
                break
            if stage.award is not None:
                pairs.add((account_id, stage.slug))
    return pairs
