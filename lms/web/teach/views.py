"""Trainer pages: the courses a trainer teaches and their trainees' progress."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask.typing import ResponseReturnValue

from lms import db
from lms.models import Role, RoleplayKind
from lms.services import enrolment, roleplays, teaching
from lms.services.errors import NotPermitted
from lms.web.access import require_account, role_required

bp = Blueprint("teach", __name__, url_prefix="/teach", template_folder="templates")


@bp.route("/")
@role_required(Role.TRAINER, Role.ADMIN)
def courses() -> ResponseReturnValue:
    """List the courses the trainer teaches (every course for an administrator)."""
    account = require_account()
    taught = teaching.courses_taught(db.get_session(), account)
    return render_template(
        "lms/teach/courses.html", taught=taught, sees_all=account.has_role(Role.ADMIN)
    )


@bp.route("/courses/<slug>")
@role_required(Role.TRAINER, Role.ADMIN)
def course(slug: str) -> ResponseReturnValue:
    """Show how far each trainee enrolled in the course has come in its current version, with
    links to the cohort report of each of its scenarios."""
    session = db.get_session()
    taught = enrolment.find_course(session, slug)
    if taught is None:
        abort(404)
    try:
        trainees = teaching.trainee_progress(session, require_account(), taught)
    except NotPermitted:
        abort(403)
    scenarios = [
        roleplay
        for roleplay in roleplays.course_roleplays(session, taught)
        if roleplay.kind is RoleplayKind.SCENARIO
    ]
    return render_template(
        "lms/teach/course.html", course=taught, trainees=trainees, scenarios=scenarios
    )
