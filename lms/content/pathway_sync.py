"""Bring a validated pathway into the database: a new pathway or a changed file becomes a version.

Versions are immutable, so a practicum or an ethics signature keeps pointing at the wording it was
made under; ``spec_of`` reads a stored version back as a spec.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.content.pathways import PathwaySpec
from lms.content.sync import SyncOutcome
from lms.models.accreditation import Pathway, PathwayVersion


@dataclass(frozen=True)
class PathwaySyncResult:
    """The pathway after an import, what happened to it, and its current version number."""

    pathway: Pathway
    outcome: SyncOutcome
    version_number: int


def content_hash(spec: PathwaySpec) -> str:
    """Fingerprint the whole spec, ethics text included, so unchanged files are never rewritten."""
    canonical = json.dumps(spec.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def ethics_hash(text: str) -> str:
    """Fingerprint of an ethics commitment's text, which a signature records what was signed."""
    return hashlib.sha256(text.encode()).hexdigest()


def sync_pathway(
    session: Session, slug: str, spec: PathwaySpec, *, now: datetime
) -> PathwaySyncResult:
    """Create the pathway, add a version if its file or ethics text changed, or leave it alone.

    ``spec`` must carry its ethics commitment in ``ethics_text`` (the loader reads the file).
    """
    if spec.ethics_text is None:
        raise ValueError(f"pathway {slug!r} has no ethics text; load it from its file")
    fingerprint = content_hash(spec)
    pathway = session.scalars(select(Pathway).where(Pathway.slug == slug)).one_or_none()
    if pathway is None:
        pathway = Pathway(slug=slug, title=spec.title, created_at=now)
        session.add(pathway)
        session.flush()
        outcome = SyncOutcome.CREATED
    elif (
        pathway.current_version is not None and pathway.current_version.content_hash == fingerprint
    ):
        return PathwaySyncResult(pathway, SyncOutcome.UNCHANGED, pathway.current_version.number)
    else:
        outcome = SyncOutcome.NEW_VERSION
    last_number = session.scalar(
        select(func.max(PathwayVersion.number)).where(PathwayVersion.pathway_id == pathway.id)
    )
    version = PathwayVersion(
        pathway=pathway,
        number=(last_number or 0) + 1,
        content_hash=fingerprint,
        spec=spec.model_dump(mode="json"),
        ethics_text=spec.ethics_text,
        ethics_hash=ethics_hash(spec.ethics_text),
        created_at=now,
    )
    session.add(version)
    pathway.title = spec.title
    session.flush()
    pathway.current_version = version
    session.flush()
    return PathwaySyncResult(pathway, outcome, version.number)


def spec_of(version: PathwayVersion) -> PathwaySpec:
    """The spec a stored version was made from; parsed once per content and kept (LRU)."""
    return _parse(_Stored(version.content_hash, version.spec))


@dataclass(frozen=True, eq=False)
class _Stored:
    """A stored spec, equal to another with the same content hash, to key the cache by it."""

    content_hash: str
    spec: dict[str, Any]

    def __hash__(self) -> int:
        return hash(self.content_hash)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Stored) and other.content_hash == self.content_hash


@lru_cache(maxsize=64)
def _parse(stored: _Stored) -> PathwaySpec:
    return PathwaySpec.model_validate(stored.spec)
