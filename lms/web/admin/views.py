"""Administrator pages: users, roles, activation, course trainers, audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session
from wtforms import SelectChoice

from lms import db
from lms.models import Account, Course, Role, utcnow
from lms.services import accounts, directory, teaching
from lms.services.errors import InvalidInput, NotPermitted, ServiceError
from lms.web.access import require_account, role_required
from lms.web.admin.forms import (
    AssignTrainerForm,
    AuditFilterForm,
    RolesForm,
    UserFilterForm,
)
from lms.web.forms import show_invalid_input

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

RECENT_EVENTS = 20


class TrainerChange(Protocol):
    """A teaching service that adds a trainer to a course or takes one off it."""

    def __call__(
        self, session: Session, course: Course, trainer: Account, *, actor: Account, now: datetime
    ) -> None: ...


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    """List the accounts that match the search and filters; none while a filter is invalid."""
    form = UserFilterForm(request.args)
    page = None
    if form.validate():
        page = directory.find_accounts(
            db.get_session(),
            text=form.text,
            role=form.chosen_role,
            is_active=form.chosen_is_active,
            page=_page_number(),
        )
    return render_template(
        "lms/admin/users.html",
        form=form,
        page=page,
        filters=form.link_args() if page else {},
    )


@bp.route("/users/<int:account_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user(account_id: int) -> ResponseReturnValue:
    """Show one account with its recent events, and save the roles ticked for it."""
    session = db.get_session()
    account = db.get_or_404(session, Account, account_id)
    form = RolesForm(data={"roles": sorted(account.roles)})
    if form.validate_on_submit():
        try:
            accounts.set_roles(
                session, account, form.roles.data, actor=require_account(), now=utcnow()
            )
        except NotPermitted as error:
            flash(str(error), "error")
            return redirect(url_for(".user", account_id=account.id))
        except InvalidInput as error:
            show_invalid_input(form, error)
        else:
            session.commit()
            flash(f"Roles of {account.display_name} saved.", "success")
            return redirect(url_for(".user", account_id=account.id))
    events = directory.account_events(session, account, limit=RECENT_EVENTS)
    return render_template("lms/admin/user.html", account=account, form=form, events=events)


@bp.route("/users/<int:account_id>/<any(deactivate, reactivate):change>", methods=["POST"])
@role_required(Role.ADMIN)
def user_activation(account_id: int, change: str) -> ResponseReturnValue:
    """Deactivate or reactivate an account, then go back to its page."""
    session = db.get_session()
    account = db.get_or_404(session, Account, account_id)
    is_active = change == "reactivate"
    try:
        accounts.set_active(
            session, account, is_active=is_active, actor=require_account(), now=utcnow()
        )
    except NotPermitted as error:
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"{account.display_name} {change}d.", "success")
    return redirect(url_for(".user", account_id=account.id))


@bp.route("/audit")
@role_required(Role.ADMIN)
def audit() -> ResponseReturnValue:
    """List the audit events, newest first, of one action or all; none while the filter is bad."""
    session = db.get_session()
    form = AuditFilterForm(request.args)
    form.action.choices = [
        SelectChoice("", "Every action"),
        *(SelectChoice(action) for action in directory.recorded_actions(session)),
    ]
    page = None
    if form.validate():
        page = directory.audit_events(session, action=form.action.data, page=_page_number())
    filters = form.link_args() if page else {}
    return render_template("lms/admin/audit.html", form=form, page=page, filters=filters)


@bp.route("/courses")
@role_required(Role.ADMIN)
def courses() -> ResponseReturnValue:
    """List every course with its trainers and a form to assign one more."""
    session = db.get_session()
    all_courses = teaching.courses_with_trainers(session)
    trainers = _trainer_choices(session)
    forms = {}
    for course in all_courses:
        form = AssignTrainerForm(prefix=f"course-{course.id}", formdata=None)
        assigned = {trainer.id for trainer in course.trainers}
        form.trainer_id.choices = [c for c in trainers if int(c.value) not in assigned]
        forms[course.id] = form
    return render_template("lms/admin/courses.html", courses=all_courses, forms=forms)


@bp.route("/courses/<int:course_id>/trainers", methods=["POST"])
@role_required(Role.ADMIN)
def assign_trainer(course_id: int) -> ResponseReturnValue:
    """Let the chosen trainer teach the course."""
    session = db.get_session()
    course = db.get_or_404(session, Course, course_id)
    form = AssignTrainerForm(prefix=f"course-{course.id}")
    form.trainer_id.choices = _trainer_choices(session)
    if not form.validate():
        flash("Choose one of the listed trainers.", "error")
        return redirect(url_for(".courses"))
    trainer = db.get_or_404(session, Account, form.trainer_id.data)
    return _change_trainers(teaching.assign_trainer, course, trainer, "now teaches")


@bp.route("/courses/<int:course_id>/trainers/<int:account_id>/remove", methods=["POST"])
@role_required(Role.ADMIN)
def unassign_trainer(course_id: int, account_id: int) -> ResponseReturnValue:
    """Stop the trainer teaching the course."""
    session = db.get_session()
    course = db.get_or_404(session, Course, course_id)
    trainer = db.get_or_404(session, Account, account_id)
    return _change_trainers(teaching.unassign_trainer, course, trainer, "no longer teaches")


def _change_trainers(
    change: TrainerChange, course: Course, trainer: Account, verb: str
) -> ResponseReturnValue:
    session = db.get_session()
    try:
        change(session, course, trainer, actor=require_account(), now=utcnow())
    except ServiceError as error:
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"{trainer.display_name} {verb} {course.title}.", "success")
    return redirect(url_for(".courses"))


def _trainer_choices(session: Session) -> list[SelectChoice]:
    """The trainers one may assign, labelled "Name (email)"."""
    return [
        SelectChoice(str(trainer.id), f"{trainer.display_name} ({trainer.email})")
        for trainer in teaching.eligible_trainers(session)
    ]


def _page_number() -> int:
    number: int = request.args.get("page", 1, type=int)
    return number
