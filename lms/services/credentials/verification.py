"""Verify an Open Badges 3.0 credential offline: its shape, its proofs, its dates, its status.

Everything that would need the network is passed in: ``public_key_for`` resolves a verification
method the verifier trusts (``did:key`` methods are resolved here, from the key they contain) and
``status_list_for`` returns the status list credential at a URL, or None when it is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from lms.services.credentials import proofs, status_list
from lms.services.credentials.keys import KeyFormatError, public_key_from_multikey
from lms.services.credentials.linked_data import VC_V1_CONTEXT, VC_V2_CONTEXT, DocumentLoader

OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
CREDENTIAL_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})
StatusListFor = Callable[[str], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Verdict:
    """What a verifier concluded: genuine (well formed, proofs valid) and current (in date, not
    revoked), with every problem as a short sentence."""

    genuine: bool
    current: bool
    problems: tuple[str, ...]
    revoked: bool
    expired: bool

    @property
    def is_accepted(self) -> bool:
        """Return whether the credential is both genuine and current."""
        return self.genuine and self.current and not self.problems


def verify_credential(
    credential: Mapping[str, Any],
    *,
    public_key_for: proofs.PublicKeyFor,
    status_list_for: StatusListFor,
    now: datetime,
    loader: DocumentLoader,
) -> Verdict:
    """Check ``credential`` against the Open Badges 3.0 rules and return the verdict."""
    resolve = key_resolver(public_key_for)
    shape = list(_shape_problems(credential))
    proof_problems = proofs.verify(credential, resolve, loader)
    dates, expired = _date_problems(credential, now)
    status, revoked = _status_problems(credential, resolve, status_list_for, loader)
    genuine_problems = shape + proof_problems
    current_problems = dates + status
    return Verdict(
        genuine=not genuine_problems,
        current=not current_problems,
        problems=tuple(genuine_problems + current_problems),
        revoked=revoked,
        expired=expired,
    )


def key_resolver(public_key_for: proofs.PublicKeyFor) -> proofs.PublicKeyFor:
    """Return a resolver that reads ``did:key`` locally and asks ``public_key_for`` about
    ``http(s)`` URLs and ``did:web``; any other scheme or DID method resolves to nothing."""

    def resolve(method: str) -> Ed25519PublicKey | None:
        if method.startswith("did:key:"):
            try:
                return public_key_from_multikey(method.removeprefix("did:key:").split("#")[0])
            except KeyFormatError:
                return None
        if method.startswith(("https://", "http://", "did:web:")):
            return public_key_for(method)
        return None

    return resolve


def _shape_problems(credential: Mapping[str, Any]) -> Iterator[str]:
    """Yield what is missing or wrong in the contexts, types and required fields."""
    contexts = _as_list(credential.get("@context"))
    if not contexts or contexts[0] not in (VC_V2_CONTEXT, VC_V1_CONTEXT):
        yield "The first JSON-LD context is not the Verifiable Credentials context."
    if not any(isinstance(c, str) and c.startswith(OB_CONTEXT_PREFIX) for c in contexts):
        yield "The Open Badges 3.0 JSON-LD context is missing."
    types = _types(credential)
    if "VerifiableCredential" not in types or not types & CREDENTIAL_TYPES:
        yield "The credential is not typed as a VerifiableCredential and an OpenBadgeCredential."
    issuer = credential.get("issuer")
    if not isinstance(issuer, dict) or not isinstance(issuer.get("id"), str):
        yield "The credential has no issuer profile with an id."
    else:
        yield from _typed(issuer, "Profile", "The issuer")
        yield from _typed(issuer.get("parentOrg"), "Profile", "The issuer's parent organisation")
        for entry in _as_list(issuer.get("otherIdentifier")):
            yield from _typed(entry, "IdentifierEntry", "An identifier of the issuer")
    valid_from = "validFrom" if VC_V2_CONTEXT in contexts else "issuanceDate"
    if not isinstance(credential.get(valid_from), str):
        yield f"The credential has no {valid_from}."
    subject = credential.get("credentialSubject")
    if not isinstance(subject, dict):
        yield "The credential has no credentialSubject."
        return
    yield from _typed(subject, "AchievementSubject", "The credential subject")
    for identity in _as_list(subject.get("identifier")):
        yield from _typed(identity, "IdentityObject", "An identifier of the subject")
    for result in _as_list(subject.get("result")):
        yield from _typed(result, "Result", "A result")
    yield from _typed(subject.get("source"), "Profile", "The subject's source")
    achievement = subject.get("achievement")
    if not isinstance(achievement, dict):
        yield "The credential subject has no achievement."
    else:
        yield from _typed(achievement, "Achievement", "The achievement")
        yield from _typed(achievement.get("creator"), "Profile", "The achievement's creator")
        for description in _as_list(achievement.get("resultDescription")):
            yield from _typed(description, "ResultDescription", "A result description")
    for evidence in _as_list(credential.get("evidence")):
        yield from _typed(evidence, "Evidence", "An evidence item")


def _date_problems(credential: Mapping[str, Any], now: datetime) -> tuple[list[str], bool]:
    """Return the problems with the validity period, and whether it has ended."""
    problems: list[str] = []
    start = credential.get("validFrom", credential.get("issuanceDate"))
    end = credential.get("validUntil", credential.get("expirationDate"))
    starts, ends = _instant(start), _instant(end)
    if start is not None and starts is None:
        problems.append("The start of validity is not a date and time with a time zone.")
    if end is not None and ends is None:
        problems.append("The end of validity is not a date and time with a time zone.")
    if starts is not None and starts > now:
        problems.append("The credential is not valid yet.")
    expired = ends is not None and ends <= now
    if expired:
        problems.append("The credential has expired.")
    return problems, expired


def _status_problems(
    credential: Mapping[str, Any],
    resolve: proofs.PublicKeyFor,
    status_list_for: StatusListFor,
    loader: DocumentLoader,
) -> tuple[list[str], bool]:
    """Return the problems found checking revocation, and whether the credential is revoked."""
    problems: list[str] = []
    revoked = False
    for entry in _as_list(credential.get("credentialStatus")):
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            problems.append("The credential status is of a kind that cannot be checked.")
            continue
        url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
        found = status_list_for(url) if isinstance(url, str) else None
        if found is None:
            problems.append("The status list of the credential cannot be found.")
            continue
        if "proof" in found and proofs.verify(found, resolve, loader):
            problems.append("The status list's proof is not valid.")
            continue
        try:
            subject = found["credentialSubject"]
            if subject.get("statusPurpose") != entry.get("statusPurpose"):
                raise ValueError("purpose")
            is_revoked = status_list.is_set(subject["encodedList"], int(str(index)))
        except (KeyError, TypeError, AttributeError, ValueError):
            problems.append("The status list does not say whether the credential is revoked.")
            continue
        if is_revoked and entry.get("statusPurpose") == "revocation":
            revoked = True
            problems.append("The credential has been revoked.")
    return problems, revoked


def _typed(node: object, expected: str, label: str) -> Iterator[str]:
    """Yield a problem when ``node`` is present but not typed as ``expected``."""
    if node is not None and (not isinstance(node, dict) or expected not in _types(node)):
        yield f"{label} is not typed as {expected}."


def _types(node: Mapping[str, Any]) -> set[str]:
    return {value for value in _as_list(node.get("type")) if isinstance(value, str)}


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _instant(value: object) -> datetime | None:
    """Return ``value`` as an aware datetime, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
