"""Administrator pages: users, roles, activation, course trainers, audit log."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from lms import db
from lms.models import Account, AccountRole, Course, Role, utcnow
from lms.services import accounts, teaching
from lms.services.errors import InvalidInput, NotPermitted, ServiceError
from lms.web.access import require_account, role_required
from lms.web.admin import listing
from lms.web.admin.forms import (
    ROLE_LABELS,
    AssignTrainerForm,
    AuditFilterForm,
    RolesForm,
    UserFilterForm,
)
from lms.web.forms import show_invalid_input

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

RECENT_EVENTS = 20
TrainerChange = Callable[..., None]


@bp.route("/users")
@role_required(Role.ADMIN)
def users() -> ResponseReturnValue:
    form = UserFilterForm(request.args)
    chosen = form.data if form.validate() else {}
    statement = listing.accounts_matching(
        text=(chosen.get("q") or "").strip(),
        role=chosen.get("role"),
        is_active=chosen.get("status"),
    )
    page = listing.paginate(db.get_session(), statement, number=_page_number())
    filters = {key: value for key, value in request.args.items() if key != "page" and value}
    return render_template(
        "lms/admin/users.html", form=form, page=page, filters=filters, role_labels=ROLE_LABELS
    )


@bp.route("/users/<int:account_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user(account_id: int) -> ResponseReturnValue:
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
    events = session.scalars(listing.audit_events(account_id=account.id).limit(RECENT_EVENTS))
    return render_template("lms/admin/user.html", account=account, form=form, events=list(events))


@bp.route("/users/<int:account_id>/<any(deactivate, reactivate):change>", methods=["POST"])
@role_required(Role.ADMIN)
def user_activation(account_id: int, change: str) -> ResponseReturnValue:
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
    session = db.get_session()
    form = AuditFilterForm(request.args)
    form.action.choices = [
        SelectChoice("", "Every action"),
        *(SelectChoice(action) for action in listing.recorded_actions(session)),
    ]
    action = (form.action.data or "") if form.validate() else ""
    page = listing.paginate(session, listing.audit_events(action=action), number=_page_number())
    filters = {"action": action} if action else {}
    return render_template("lms/admin/audit.html", form=form, page=page, filters=filters)


@bp.route("/courses")
@role_required(Role.ADMIN)
def courses() -> ResponseReturnValue:
    session = db.get_session()
    all_courses = session.scalars(
        select(Course).options(selectinload(Course.trainers)).order_by(func.lower(Course.title))
    ).all()
    trainers = _trainer_choices()
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
    session = db.get_session()
    course = db.get_or_404(session, Course, course_id)
    form = AssignTrainerForm(prefix=f"course-{course.id}")
    form.trainer_id.choices = _trainer_choices()
    if not form.validate():
        flash("Choose one of the listed trainers.", "error")
        return redirect(url_for(".courses"))
    trainer = db.get_or_404(session, Account, form.trainer_id.data)
    return _change_trainers(teaching.assign_trainer, course, trainer, "now teaches")


@bp.route("/courses/<int:course_id>/trainers/<int:account_id>/remove", methods=["POST"])
@role_required(Role.ADMIN)
def unassign_trainer(course_id: int, account_id: int) -> ResponseReturnValue:
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


def _trainer_choices() -> list[SelectChoice]:
    """Active accounts holding the trainer role, labelled "Name (email)", by name."""
    trainers = db.get_session().scalars(
        select(Account)
        .join(AccountRole)
        .where(AccountRole.role == Role.TRAINER, Account.is_active.is_(True))
        .order_by(func.lower(Account.display_name), Account.email)
    )
    return [
        SelectChoice(str(trainer.id), f"{trainer.display_name} ({trainer.email})")
        for trainer in trainers
    ]


def _page_number() -> int:
    number: int = request.args.get("page", 1, type=int)
    return number
