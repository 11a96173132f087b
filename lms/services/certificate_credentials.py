"""A certificate as an Open Badges 3.0 AchievementCredential, and the signed revocation list.

The credential says what the printed certificate says, plus how the award is earned (criteria),
the practicum's rubric totals and short evidence summaries; never the private text of a logbook.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lms.content.pathways import StageSpec
from lms.services.credential_issuer import (
    Issuer,
    credential_url,
    issuer_url,
    key_url,
    profile_summary,
    status_list_url,
)
from lms.services.credentials import proofs, status_list
from lms.services.credentials.linked_data import OB_CONTEXT, VC_V2_CONTEXT, document_loader

CONTEXTS = [VC_V2_CONTEXT, OB_CONTEXT]
CREDENTIAL_TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
_LOADER = document_loader()


@dataclass(frozen=True)
class Award:
    """The facts of one certificate that its credential states."""

    code: str
    number: str
    holder_name: str
    award_title: str
    pathway_slug: str
    pathway_title: str
    stage: StageSpec
    # The certified stage and every stage before it: earning the award took all of them.
    stages: tuple[StageSpec, ...]
    issued_at: datetime
    valid_until: datetime | None
    status_index: int


@dataclass(frozen=True)
class RubricTotal:
    """One marker's total for the practicum, out of ``out_of``."""

    marker_role: str
    total: int
    out_of: int


def instant(moment: datetime) -> str:
    """Write ``moment`` as an XML Schema dateTime in UTC, e.g. ``2026-12-05T08:44:30Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(
    award: Award,
    *,
    issuer: Issuer,
    base_url: str,
    key_id: int,
    totals: Iterable[RubricTotal] = (),
    evidence: Iterable[str] = (),
) -> dict[str, Any]:
    """Return the signed credential of ``award``, issued and signed at its issue time."""
    achievement_id = _urn(base_url, award.pathway_slug, award.stage.slug)
    totals = list(totals)
    achievement: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": award.award_title,
        "description": f"{award.stage.title} of the {award.pathway_title}.",
        "criteria": {"narrative": _criteria(award.stages)},
        "creator": profile_summary(issuer, base_url=base_url),
        "humanCode": award.number,
    }
    if totals:
        achievement["resultDescription"] = [
            {
                "id": _urn(achievement_id, total.marker_role),
                "type": ["ResultDescription"],
                "name": f"Practicum rubric total given by the {total.marker_role}",
                "resultType": "RawScore",
                "valueMin": "0",
                "valueMax": str(total.out_of),
            }
            for total in totals
        ]
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": award.holder_name,
            }
        ],
        "achievement": achievement,
    }
    if totals:
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": _urn(achievement_id, total.marker_role),
                "value": str(total.total),
            }
            for total in totals
        ]
    credential: dict[str, Any] = {
        "@context": CONTEXTS,
        "id": credential_url(base_url, award.code),
        "type": CREDENTIAL_TYPES,
        "name": award.award_title,
        "issuer": profile_summary(issuer, base_url=base_url),
        "validFrom": instant(award.issued_at),
        "credentialSubject": subject,
        "credentialStatus": status_list.status_entry(status_list_url(base_url), award.status_index),
    }
    if award.valid_until is not None:
        credential["validUntil"] = instant(award.valid_until)
    summaries = [{"type": ["Evidence"], "description": text} for text in evidence]
    if summaries:
        credential["evidence"] = summaries
    return proofs.sign(
        credential,
        private_key=issuer.private_key,
        verification_method=key_url(base_url, key_id),
        created=instant(award.issued_at),
        loader=_LOADER,
    )


def status_list_credential(
    revoked: Iterable[int],
    *,
    issuer: Issuer,
    base_url: str,
    key_id: int,
    valid_from: datetime,
) -> dict[str, Any]:
    """Return the signed revocation list with the ``revoked`` indexes set."""
    url = status_list_url(base_url)
    document = {
        "@context": [VC_V2_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url(base_url),
        "validFrom": instant(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": status_list.encode(revoked),
        },
    }
    return proofs.sign(
        document,
        private_key=issuer.private_key,
        verification_method=key_url(base_url, key_id),
        created=instant(valid_from),
        loader=_LOADER,
    )


def practicum_evidence(weeks: int, passed_by: Iterable[str]) -> str:
    """Summarise a passed practicum without any of its logbook's text."""
    markers = " and ".join(passed_by) or "its assessors"
    return f"Practicum logbook of {weeks} weeks, passed by {markers}."


def _criteria(stages: Iterable[StageSpec]) -> str:
    lines = ["To earn this award a trainee completed every requirement of each stage:"]
    for stage in stages:
        lines.append(f"{stage.title}:")
        lines += [f"- {requirement.title}" for requirement in stage.requirements]
    return "\n".join(lines)


def _urn(base: str, *parts: str) -> str:
    """A stable URN for something without a page of its own, named from ``parts``."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "/".join((base, *parts))).urn
