"""Loading a role-play for a page: one kind per page, and withdrawn ones only where they matter."""

from __future__ import annotations

from flask import abort
from sqlalchemy.orm import Session

from lms.models import Roleplay, RoleplayKind


def roleplay_of_kind_or_404(
    session: Session, roleplay_id: int, kind: RoleplayKind, *, include_withdrawn: bool = False
) -> Roleplay:
    """The role-play ``roleplay_id`` if it is of ``kind`` and published (or withdrawn, when
    ``include_withdrawn``: its plays and answers still matter); else 404."""
    roleplay = session.get(Roleplay, roleplay_id)
    if roleplay is None or roleplay.kind is not kind or roleplay.current_version is None:
        abort(404)
    if not (roleplay.is_published or include_withdrawn):
        abort(404)
    return roleplay
