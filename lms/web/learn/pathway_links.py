"""Where a trainee goes to meet each kind of pathway requirement."""

from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy.orm import Session

from lms.content.pathways import (
    AnyRequirement,
    CourseCompleted,
    EthicsSigned,
    PracticumAccepted,
    QuizPassed,
    RoleplayPassed,
    WrittenAssessed,
)
from lms.models import Pathway
from lms.services import pathway_progress


def step_links(
    session: Session, pathway: Pathway, requirements: list[AnyRequirement]
) -> dict[str, str]:
    """Where to go to meet each requirement, by key; none for what a trainee cannot act on."""
    roleplay_ids = pathway_progress.roleplay_ids(session, requirements)
    links: dict[str, str] = {}
    for requirement in requirements:
        match requirement:
            case CourseCompleted():
                links[requirement.key] = url_for("lms.learn.course", slug=requirement.course)
            case QuizPassed():
                links[requirement.key] = url_for(
                    ".quiz", slug=requirement.course, quiz_slug=requirement.quiz
                )
            case RoleplayPassed() | WrittenAssessed():
                roleplay_id = roleplay_ids.get((requirement.course, requirement.roleplay))
                endpoint = ".scenario" if isinstance(requirement, RoleplayPassed) else ".written"
                if roleplay_id is not None:
                    links[requirement.key] = url_for(endpoint, roleplay_id=roleplay_id)
            case PracticumAccepted():
                if "lms.learn.practicum" in current_app.view_functions:
                    links[requirement.key] = url_for("lms.learn.practicum", slug=pathway.slug)
            case EthicsSigned():
                links[requirement.key] = url_for("lms.learn.pathway_ethics", slug=pathway.slug)
    return links
