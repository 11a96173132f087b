"""Trainer pages: the courses a trainer teaches and their trainees' progress."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from lms.models import Role
from lms.web.access import role_required

bp = Blueprint("teach", __name__, url_prefix="/teach", template_folder="templates")


@bp.route("/")
@role_required(Role.TRAINER)
def courses() -> ResponseReturnValue:
    return "teach"
