"""Examiner pages of the practicum: the logbooks allocated to me, and reading and marking one.

The mentor's marks stay hidden until the examiner's own are in, so each marks independently;
an examiner sees only logbooks allocated to them, any other answers 404.
"""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import db
from lms.models import Role
from lms.services import logbook, logbook_marking, practicum_lists
from lms.web.access import require_account, role_required
from lms.web.assess.views import bp
from lms.web.practicum import mark_form, marks_shown_to, practicum_or_404, record_marks


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
    if form.validate_on_submit() and record_marks(session, case, form, rubric, examiner):
        return redirect(url_for(".examine_logbook", practicum_id=case.id))
    submission, marks, has_marked = marks_shown_to(session, case, examiner)
    return render_template(
        "lms/assess/examine_logbook.html",
        case=case,
        rubric=rubric,
        submission=submission,
        entries=logbook.entries(session, case),
        comments=logbook.comments(session, case),
        marks=marks,
        has_marked=has_marked,
        form=form,
    )
