"""Mentor pages of the practicum: my mentees, a mentee's logbook with every revision and my
comments on each week, and marking the submitted logbook.

A mentor sees only their own mentees' logbooks; any other practicum answers 404.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from lms import db
from lms.models import Role, utcnow
from lms.services import logbook, logbook_marking, practicum_lists
from lms.services.errors import ServiceError
from lms.services.logbook import COMMENT_LIMIT
from lms.web.access import require_account, role_required
from lms.web.forms import RequestKeyField
from lms.web.practicum import mark_form, marks_shown_to, practicum_or_404, record_marks
from lms.web.teach.views import bp


class CommentForm(FlaskForm):
    """A mentor's comment on one week of a mentee's logbook."""

    request_key = RequestKeyField()
    body = TextAreaField(
        "Your comment",
        validators=[
            InputRequired("Write your comment."),
            Length(max=COMMENT_LIMIT, message=f"Keep it to {COMMENT_LIMIT:,} characters."),
        ],
    )


@bp.route("/mentoring")
@role_required(Role.TRAINER)
def mentees() -> ResponseReturnValue:
    """List the trainees whose practicum the signed-in trainer mentors."""
    mine = practicum_lists.practicums(db.get_session(), mentor=require_account())
    return render_template("lms/teach/mentees.html", practicums=mine)


@bp.route("/mentoring/<int:practicum_id>")
@role_required(Role.TRAINER)
def mentee_logbook(practicum_id: int) -> ResponseReturnValue:
    """Show a mentee's logbook with every revision, and a comment form per written week."""
    session = db.get_session()
    case = practicum_or_404(session, practicum_id, mentor=require_account())
    return render_template(
        "lms/teach/mentee_logbook.html",
        case=case,
        entries=logbook.entries(session, case),
        comments=logbook.comments(session, case),
        comment_form=CommentForm(),
    )


@bp.route("/mentoring/<int:practicum_id>/weeks/<int:week>/comments", methods=["POST"])
@role_required(Role.TRAINER)
def comment_week(practicum_id: int, week: int) -> ResponseReturnValue:
    """Add the mentor's comment on one week; sending the same form twice comments once."""
    session = db.get_session()
    mentor = require_account()
    case = practicum_or_404(session, practicum_id, mentor=mentor)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(" ".join(form.body.errors or form.form_errors), "error")
        return redirect(url_for(".mentee_logbook", practicum_id=case.id))
    try:
        logbook.add_comment(
            session,
            case,
            week=week,
            author=mentor,
            body=form.body.data,
            request_key=form.request_key.data,
            now=utcnow(),
        )
    except ServiceError as error:
        flash(str(error), "error")
    else:
        session.commit()
        flash(f"Comment on week {week} saved.", "success")
    return redirect(url_for(".mentee_logbook", practicum_id=case.id, _anchor=f"week-{week}"))


@bp.route("/mentoring/<int:practicum_id>/mark", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def mark_logbook(practicum_id: int) -> ResponseReturnValue:
    """Mark the submitted logbook against the rubric; the examiner's marks show once mine are in."""
    session = db.get_session()
    mentor = require_account()
    case = practicum_or_404(session, practicum_id, mentor=mentor)
    rubric = logbook_marking.rubric_of(case)
    form = mark_form(rubric)
    if form.validate_on_submit() and record_marks(session, case, form, rubric, mentor):
        return redirect(url_for(".mentee_logbook", practicum_id=case.id))
    submission, marks, has_marked = marks_shown_to(session, case, mentor)
    return render_template(
        "lms/teach/mark_logbook.html",
        case=case,
        rubric=rubric,
        submission=submission,
        marks=marks,
        has_marked=has_marked,
        form=form,
    )
