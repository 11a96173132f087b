"""Administrator pages: users, roles, activation, audit log."""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue

from lms.models import Role
from lms.web.access import role_required

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    return "users"
