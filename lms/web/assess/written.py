"""Trainer pages of written role-plays: the submissions awaiting assessment, and assessing one."""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from lms import db
from lms.models import Role, WrittenSubmission, utcnow
from lms.services import assessment, roleplays, written_queue, written_roleplays
from lms.web.access import require_account, require_teaching, role_required
from lms.web.assess.rubric import RubricForm, marks_from, record_or_explain, rubric_form
from lms.web.assess.views import bp


@bp.route("/written", endpoint="written_queue")
@role_required(Role.TRAINER, Role.ADMIN)
def written_answers_waiting() -> ResponseReturnValue:
    """List the oldest written answers awaiting assessment in the courses the trainer teaches."""
    waiting = written_queue.queue(db.get_session(), require_account())
    return render_template("lms/assess/written_queue.html", queue=waiting)


@bp.route("/submissions/<int:submission_id>", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def submission(submission_id: int) -> ResponseReturnValue:
    """Show a written answer with its history and record an assessment of it.

    When someone else assessed it meanwhile, the page shows their assessment and keeps what
    this trainer entered, ready to record as the next assessment.
    """
    session = db.get_session()
    submitted = _assessable_or_404(session, submission_id)
    form = rubric_form(roleplays.written_of(submitted.version).rubric)()
    if form.validate_on_submit() and record_or_explain(
        form,
        partial(
            written_roleplays.assess,
            session,
            submitted,
            marks=marks_from(form),
            number=form.number.data,
            assessor=require_account(),
            now=utcnow(),
        ),
        next_number=partial(assessment.next_number, session, submission=submitted),
    ):
        session.commit()
        flash(f"Assessment saved for {submitted.account.display_name}.", "success")
        return redirect(url_for(".written_queue"))
    return _page(session, submitted, form)


def _assessable_or_404(session: Session, submission_id: int) -> WrittenSubmission:
    """A submission in a course the signed-in account teaches (else 403), checked first so
    that others learn nothing about it."""
    submitted = db.get_or_404(session, WrittenSubmission, submission_id)
    require_teaching(submitted.roleplay.course_id)
    return submitted


def _page(session: Session, submitted: WrittenSubmission, form: RubricForm) -> str:
    """The submission, its history and the form, set to record the next assessment."""
    if form.number.data is None:
        form.renumber(assessment.next_number(session, submission=submitted))
    spec = roleplays.written_of(submitted.version)
    history = written_roleplays.history(session, submitted)
    return render_template(
        "lms/assess/submission.html",
        submitted=submitted,
        spec=spec,
        history=history,
        is_assessed=any(one.submission.id == submitted.id and one.assessments for one in history),
        form=form,
    )
