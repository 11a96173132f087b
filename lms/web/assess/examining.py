"""Examiner pages of the practicum: the logbooks allocated to me, and reading and marking one.

The mentor's marks stay hidden until the examiner's own are in, so each marks independently;
an examiner sees only logbooks allocated to them, any other answers 404.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import db
from lms.models import Role, utcnow
from lms.services import logbook, logbook_marking, practicum_lists
from lms.services.errors import InvalidInput, ServiceError
from lms.web.access import require_account, role_required
from lms.web.assess.views import bp
from lms.web.forms import show_invalid_input
from lms.web.practicum import mark_form, practicum_or_404, scores_from


@bp.route("/examining")
@role_required(Role.TRAINER)
def examined_logbooks() -> ResponseReturnValue:
    """List the practicum logbooks allocated to the signed-in trainer to examine."""
    mine = practicum_lists.practicums(db.get_session(), examiner=require_account())
    return render_template("lms/assess/examined_logbooks.html", practicums=mine)


@bp.route("/examining/<int:practicum_id>", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def examine_logbook(practicum_id: int) -> ResponseReturnValue:
    """Read an allocated logbook with every revision and mark it against the rubric."""
    session = db.get_session()
    examiner = require_account()
    case = practicum_or_404(session, practicum_id, examiner=examiner)
    rubric = logbook_marking.rubric_of(case)
    form = mark_form(rubric)
    if form.validate_on_submit():
        try:
            logbook_marking.record_mark(
                session,
                case,
                marker=examiner,
                scores=scores_from(form, rubric),
                comments=form.comments.data or "",
                now=utcnow(),
            )
        except InvalidInput as error:
            show_invalid_input(form, error)
        except ServiceError as error:
            flash(str(error), "error")
        else:
            session.commit()
            flash("Your marks are recorded.", "success")
            return redirect(url_for(".examine_logbook", practicum_id=case.id))
    submission = logbook.latest_submission(session, case)
    marks = logbook_marking.marks_of(session, submission) if submission else {}
    return render_template(
        "lms/assess/examine_logbook.html",
        case=case,
        rubric=rubric,
        submission=submission,
        entries=logbook.entries(session, case),
        comments=logbook.comments(session, case),
        marks=logbook_marking.visible_marks(case, marks, examiner),
        has_marked=logbook_marking.has_marked(case, marks, examiner),
        form=form,
    )
