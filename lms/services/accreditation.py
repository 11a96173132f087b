"""Each trainee's standing on every requirement of every accreditation pathway.

``refresh`` is called on the event that changes a fact (a course completed, a quiz graded, a
role-play outcome, a practicum decided, a signature, an approval) and rewrites the trainee's
RequirementStatus rows, so pages and the cohort report read them directly; importing a new or
changed pathway refreshes everyone. Stages are taken in order: a stage is complete when all its
requirements are met and every earlier stage is complete.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, tuple_, union
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from lms.content.pathway_sync import spec_of
from lms.models import (
    AccountRole,
    Pathway,
    PathwayVersion,
    RequirementState,
    RequirementStatus,
    Role,
)
from lms.services import requirement_facts, requirement_standing
from lms.services.requirement_standing import Standing

_WRITTEN = ("state", "percent", "evidence", "met_at")


def refresh(session: Session, account_id: int, *, now: datetime) -> None:
    """Recompute ``account_id``'s standing on every requirement of every pathway.

    A fixed number of queries whatever the number of pathways and requirements; only rows that
    changed are written, and a requirement met earlier keeps the time it was first met.
    """
    versions = session.scalars(
        select(PathwayVersion).join(Pathway, Pathway.current_version_id == PathwayVersion.id)
    ).all()
    if not versions:
        return
    specs = [(version, spec_of(version)) for version in versions]
    facts = requirement_facts.load(
        session, account_id, (r for _, spec in specs for r in spec.requirements())
    )
    existing = {
        (row.pathway_id, row.stage_slug, row.requirement_key): row
        for row in session.execute(
            select(
                RequirementStatus.pathway_id,
                RequirementStatus.stage_slug,
                RequirementStatus.requirement_key,
                *(getattr(RequirementStatus, name) for name in _WRITTEN),
            ).where(RequirementStatus.account_id == account_id)
        )
    }
    changed: list[dict[str, Any]] = []
    for version, spec in specs:
        for stage in spec.stages:
            for requirement in stage.requirements:
                key = (version.pathway_id, stage.slug, requirement.key)
                found = requirement_standing.standing(
                    requirement, facts, version=version, stage_slug=stage.slug
                )
                row = existing.pop(key, None)
                values = _values(found, row, now=now)
                if row is None or any(getattr(row, name) != values[name] for name in _WRITTEN):
                    changed.append(
                        {
                            "account_id": account_id,
                            "pathway_id": key[0],
                            "stage_slug": key[1],
                            "requirement_key": key[2],
                            "updated_at": now,
                        }
                        | values
                    )
    if changed:
        _upsert(session, changed)
    if existing:  # requirements a new version of a pathway no longer has
        session.execute(
            delete(RequirementStatus).where(
                RequirementStatus.account_id == account_id,
                tuple_(
                    RequirementStatus.pathway_id,
                    RequirementStatus.stage_slug,
                    RequirementStatus.requirement_key,
                ).in_(list(existing)),
            )
        )


def refresh_everyone(session: Session, *, now: datetime) -> int:
    """Recompute the standing of every trainee, and of anyone with a standing stored, after a
    pathway is created or changed; return how many accounts that was.

    A new version may add, drop or reword requirements (a new ethics wording asks for a new
    signature), and stored rows must never vouch for a version they were not computed on: a
    certificate is issued on what they say.
    """
    account_ids = session.scalars(
        union(
            select(AccountRole.account_id).where(AccountRole.role == Role.TRAINEE),
            select(RequirementStatus.account_id),
        )
    ).all()
    for account_id in account_ids:
        refresh(session, account_id, now=now)
    return len(account_ids)


def _values(found: Standing, row: Any, *, now: datetime) -> dict[str, Any]:
    met_at = None
    if found.state is RequirementState.MET:
        was_met = row is not None and row.state is RequirementState.MET
        met_at = row.met_at if was_met and row.met_at is not None else (found.met_at or now)
    return {
        "state": found.state,
        "percent": found.percent,
        "evidence": found.evidence[:500],
        "met_at": met_at,
    }


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Write the rows in one statement; a concurrent refresh of the same trainee cannot clash."""
    dialect = session.get_bind().dialect.name
    insert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(RequirementStatus).values(rows)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["account_id", "pathway_id", "stage_slug", "requirement_key"],
            set_={name: statement.excluded[name] for name in (*_WRITTEN, "updated_at")},
        )
    )


def stage_complete(session: Session, account_id: int, pathway: Pathway, stage_slug: str) -> bool:
    """Tell whether every requirement of the stage, and of every earlier stage, is met.

    False for a stage the pathway's current version does not have.
    """
    return stage_slug in completed_stages(session, account_id, pathway)


def completed_stages(session: Session, account_id: int, pathway: Pathway) -> list[str]:
    """The slugs of the stages ``account_id`` has completed, in order (one query)."""
    version = pathway.current_version
    if version is None:
        return []
    spec = spec_of(version)
    met: set[tuple[str, str]] = set(
        session.execute(
            select(RequirementStatus.stage_slug, RequirementStatus.requirement_key).where(
                RequirementStatus.account_id == account_id,
                RequirementStatus.pathway_id == pathway.id,
                RequirementStatus.state == RequirementState.MET,
            )
        ).all()
    )
    completed = []
    for stage in spec.stages:
        if not all((stage.slug, requirement.key) in met for requirement in stage.requirements):
            break
        completed.append(stage.slug)
    return completed


def unmet_before(
    session: Session, account_id: int, pathway: Pathway, stage_slug: str, *, except_key: str
) -> list[str]:
    """Titles of the requirements still unmet in ``stage_slug`` and every earlier stage,
    leaving out the one keyed ``except_key`` of that stage."""
    version = pathway.current_version
    if version is None:
        return []
    spec = spec_of(version)
    slugs = [stage.slug for stage in spec.stages]
    if stage_slug not in slugs:
        return []
    wanted = spec.stages[: slugs.index(stage_slug) + 1]
    met: set[tuple[str, str]] = set(
        session.execute(
            select(RequirementStatus.stage_slug, RequirementStatus.requirement_key).where(
                RequirementStatus.account_id == account_id,
                RequirementStatus.pathway_id == pathway.id,
                RequirementStatus.state == RequirementState.MET,
                RequirementStatus.stage_slug.in_([stage.slug for stage in wanted]),
            )
        ).all()
    )
    return [
        requirement.title
        for stage in wanted
        for requirement in stage.requirements
        if (stage.slug, requirement.key) not in met
        and not (stage.slug == stage_slug and requirement.key == except_key)
    ]
