"""Trainer pages for quizzes: the essay marking queue, regrading, and the quiz reports."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import db
from lms.content.questions import type_of
from lms.models import AttemptItem, Course, Quiz, Role, utcnow
from lms.services import enrolment, grading, quiz_reports, quizzes
from lms.services.errors import InvalidInput, NotPermitted
from lms.web.access import require_account, role_required
from lms.web.assess.forms import GradeForm
from lms.web.forms import show_invalid_input

bp = Blueprint("assess", __name__, url_prefix="/assess", template_folder="templates")

# Spreadsheet programs read a CSV file as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


@bp.route("/")
@role_required(Role.TRAINER, Role.ADMIN)
def queue() -> ResponseReturnValue:
    """List the essay answers waiting for a mark in the courses the trainer teaches."""
    answers = grading.pending_answers(db.get_session(), require_account())
    return render_template("lms/assess/queue.html", answers=answers)


@bp.route("/answers/<int:item_id>", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def grade(item_id: int) -> ResponseReturnValue:
    """Show one essay answer and record the trainer's mark and comment on it."""
    session = db.get_session()
    item = db.get_or_404(session, AttemptItem, item_id)
    spec = grading.spec_of(item.question_version)
    if type_of(spec).is_auto_graded or not type_of(spec).is_marked:
        abort(404)  # only answers a trainer marks have a page here
    _require_teaching(item.attempt.quiz.course)
    form = GradeForm(data={"mark": item.mark, "comment": item.grader_comment})
    if form.validate_on_submit():
        try:
            grading.grade_answer(
                session,
                item,
                mark=form.mark.data,
                comment=(form.comment.data or "").strip(),
                grader=require_account(),
                now=utcnow(),
            )
        except InvalidInput as error:
            show_invalid_input(form, error)
        except NotPermitted as error:
            flash(str(error), "error")
            return redirect(url_for(".queue"))
        else:
            session.commit()
            flash(f"Mark saved for {item.attempt.account.display_name}.", "success")
            return redirect(url_for(".queue"))
    return render_template("lms/assess/grade.html", item=item, spec=spec, form=form)


@bp.route("/courses/<slug>/quizzes")
@role_required(Role.TRAINER, Role.ADMIN)
def quizzes_of_course(slug: str) -> ResponseReturnValue:
    """List the course's quizzes with their attempt counts, reports and a way to regrade."""
    course = _taught_course(slug)
    summaries = quiz_reports.quiz_summaries(db.get_session(), course)
    return render_template("lms/assess/quizzes.html", course=course, summaries=summaries)


@bp.route("/courses/<slug>/quizzes/<quiz_slug>/regrade", methods=["POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def regrade(slug: str, quiz_slug: str) -> ResponseReturnValue:
    """Mark every attempt of the quiz again with its questions' current versions."""
    session = db.get_session()
    quiz = _taught_quiz(slug, quiz_slug)
    result = grading.regrade_quiz(session, quiz, actor=require_account(), now=utcnow())
    session.commit()
    flash(
        f"{quiz.title}: {result.attempts} attempt{'' if result.attempts == 1 else 's'} "
        f"regraded, {result.changed} with a changed mark.",
        "success",
    )
    return redirect(url_for(".quizzes_of_course", slug=slug))


@bp.route("/courses/<slug>/quizzes/<quiz_slug>/report")
@role_required(Role.TRAINER, Role.ADMIN)
def report(slug: str, quiz_slug: str) -> ResponseReturnValue:
    """Show how the quiz's assessed attempts went, overall and question by question."""
    quiz = _taught_quiz(slug, quiz_slug)
    summed_up = quiz_reports.quiz_report(db.get_session(), quiz)
    return render_template("lms/assess/report.html", course=quiz.course, report=summed_up)


@bp.route("/courses/<slug>/quizzes/<quiz_slug>/report.csv")
@role_required(Role.TRAINER, Role.ADMIN)
def report_csv(slug: str, quiz_slug: str) -> ResponseReturnValue:
    """Download one row per assessed attempt, with the mark of each question."""
    quiz = _taught_quiz(slug, quiz_slug)
    text = quiz_reports.report_csv(quiz_reports.quiz_report(db.get_session(), quiz))
    filename = f"{slug}-{quiz.slug}-attempts.csv"
    return Response(
        BYTE_ORDER_MARK + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _taught_course(slug: str) -> Course:
    """The course named ``slug`` (404 if none) when the signed-in account teaches it (403)."""
    course = enrolment.find_course(db.get_session(), slug)
    if course is None:
        abort(404)
    _require_teaching(course)
    return course


def _taught_quiz(slug: str, quiz_slug: str) -> Quiz:
    quiz = quizzes.find_quiz(db.get_session(), _taught_course(slug), quiz_slug)
    if quiz is None:
        abort(404)
    return quiz


def _require_teaching(course: Course) -> None:
    """Answer 403 unless the signed-in account teaches ``course`` or is an administrator."""
    if not grading.may_grade(db.get_session(), require_account(), course.id):
        abort(403)
