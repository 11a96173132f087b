"""Administrator pages of the practicum: the applications, running practicums and moderation
queue; deciding an application, allocating the examiner, and moderating a logbook."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import DateField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import Optional

from lms import db
from lms.models import Account, Practicum, PracticumStatus, Role, utcnow
from lms.services import logbook, logbook_marking, practicum, practicum_lists
from lms.services.errors import InvalidInput
from lms.web.access import require_account, role_required
from lms.web.admin.views import bp
from lms.web.forms import commit_or_explain
from lms.web.practicum import mark_form, practicum_or_404, scores_from


class DecisionForm(FlaskForm):
    """Accept an application with a mentor and a start date, decline it, or allocate an examiner.

    Which button was pressed says which; the service checks the fields that one needs.
    """

    mentor = SelectField("Mentor", coerce=int, validators=[Optional()])
    starts_on = DateField("Start date", validators=[Optional()])
    note = TextAreaField("Reason for declining", render_kw={"rows": 3})
    examiner = SelectField("Examiner", coerce=int, validators=[Optional()])
    accept = SubmitField("Accept the application")
    decline = SubmitField("Decline the application")
    allocate = SubmitField("Allocate the examiner")


@bp.route("/practicums")
@role_required(Role.ADMIN)
def practicums() -> ResponseReturnValue:
    """List applications awaiting a decision, practicums under way and logbooks in moderation."""
    every = practicum_lists.practicums(db.get_session())
    by_status: dict[PracticumStatus, list[Practicum]] = {status: [] for status in PracticumStatus}
    for case in every:
        by_status[case.status].append(case)
    return render_template("lms/admin/practicums.html", by_status=by_status, Status=PracticumStatus)


@bp.route("/practicums/<int:practicum_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def practicum_case(practicum_id: int) -> ResponseReturnValue:
    """Show an application or a practicum, with the marks of its latest submission, and decide
    on it."""
    session = db.get_session()
    case = practicum_or_404(session, practicum_id)
    trainers = practicum_lists.trainers(session)
    form = DecisionForm()
    choices = [SelectChoice(0, "Choose a trainer")] + [
        SelectChoice(t.id, f"{t.display_name} ({t.email})") for t in trainers
    ]
    form.mentor.choices = form.examiner.choices = choices
    if form.validate_on_submit() and commit_or_explain(
        form,
        lambda: _decide(session, case, form, {t.id: t for t in trainers}),
        done="Practicum updated.",
    ):
        return redirect(url_for(".practicum_case", practicum_id=case.id))
    submission = logbook.latest_submission(session, case)
    return render_template(
        "lms/admin/practicum.html",
        case=case,
        form=form,
        submission=submission,
        rubric=logbook_marking.rubric_of(case) if submission else None,
        marks=logbook_marking.marks_of(session, submission) if submission else {},
    )


def _decide(
    session: Session, case: Practicum, form: DecisionForm, trainers: dict[int, Account]
) -> None:
    actor, now = require_account(), utcnow()
    if form.decline.data:
        practicum.decline(session, case, note=form.note.data or "", actor=actor, now=now)
    elif form.accept.data:
        if form.starts_on.data is None:
            raise InvalidInput("starts_on", "Give the date the practicum starts.")
        mentor = trainers.get(form.mentor.data or 0)
        if mentor is None:
            raise InvalidInput("mentor", "Choose the mentor.")
        practicum.accept(
            session, case, mentor=mentor, starts_on=form.starts_on.data, actor=actor, now=now
        )
    else:
        examiner = trainers.get(form.examiner.data or 0)
        if examiner is None:
            raise InvalidInput("examiner", "Choose the examiner.")
        practicum.allocate_examiner(session, case, examiner=examiner, actor=actor, now=now)


@bp.route("/practicums/<int:practicum_id>/moderate", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def moderate_practicum(practicum_id: int) -> ResponseReturnValue:
    """Read the logbook and both markers' marks, and record the moderating marks and decision."""
    session = db.get_session()
    case = practicum_or_404(session, practicum_id)
    rubric = logbook_marking.rubric_of(case)
    form = mark_form(rubric, comments_label="Moderation note")
    if form.validate_on_submit() and commit_or_explain(
        form,
        lambda: logbook_marking.moderate(
            session,
            case,
            moderator=require_account(),
            scores=scores_from(form, rubric),
            comments=form.comments.data or "",
            now=utcnow(),
        ),
        done="Moderation recorded.",
    ):
        return redirect(url_for(".practicum_case", practicum_id=case.id))
    submission = logbook.latest_submission(session, case)
    return render_template(
        "lms/admin/moderate_practicum.html",
        case=case,
        rubric=rubric,
        submission=submission,
        entries=logbook.entries(session, case),
        comments=logbook.comments(session, case),
        marks=logbook_marking.marks_of(session, submission) if submission else {},
        form=form,
    )
