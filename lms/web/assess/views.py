"""Trainer pages for quizzes: the marking queue, regrading, and the quiz reports."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from lms import db
from lms.models import AttemptItem, Course, Quiz, Role, utcnow
from lms.services import enrolment, grading, marking, quiz_reports, quizzes, regrading
from lms.services.errors import InvalidInput, NotPermitted
from lms.services.wording import counted
from lms.web.access import require_account, require_teaching, role_required
from lms.web.assess.forms import GradeForm
from lms.web.forms import show_invalid_input

bp = Blueprint("assess", __name__, url_prefix="/assess", template_folder="templates")

# Spreadsheet programs read a CSV file as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


@bp.route("/")
@role_required(Role.TRAINER, Role.ADMIN)
def queue() -> ResponseReturnValue:
    """List the oldest answers waiting for a mark in the courses the trainer teaches."""
    _finish_overdue()
    waiting = marking.pending_answers(db.get_session(), require_account())
    return render_template("lms/assess/queue.html", queue=waiting)


@bp.route("/answers/<int:item_id>", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def grade(item_id: int) -> ResponseReturnValue:
    """Show one answer a trainer marks and record the trainer's mark and comment on it."""
    session = db.get_session()
    item = _markable_item_or_404(item_id)
    form = GradeForm(data={"mark": item.mark, "comment": item.grader_comment})
    if form.validate_on_submit():
        try:
            marking.mark_answer(
                session,
                item,
                mark=form.mark.data,
                comment=form.comment.data or "",
                marker=require_account(),
                now=utcnow(),
            )
        except NotPermitted:
            abort(403)
        except InvalidInput as error:
            show_invalid_input(form, error)
        else:
            session.commit()
            flash(f"Mark saved for {item.attempt.account.display_name}.", "success")
            return redirect(url_for(".queue"))
    spec = grading.spec_of(item.question_version)
    return render_template("lms/assess/grade.html", item=item, spec=spec, form=form)


@bp.route("/courses/<slug>/quizzes")
@role_required(Role.TRAINER, Role.ADMIN)
def quizzes_of_course(slug: str) -> ResponseReturnValue:
    """List the course's quizzes with their attempt counts, reports and a way to regrade."""
    course = _taught_course(slug)
    _finish_overdue()
    summaries = quiz_reports.quiz_summaries(db.get_session(), course)
    return render_template("lms/assess/quizzes.html", course=course, summaries=summaries)


@bp.route("/courses/<slug>/quizzes/<quiz_slug>/regrade", methods=["POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def regrade(slug: str, quiz_slug: str) -> ResponseReturnValue:
    """Move the quiz's attempts to its questions' current versions and mark them again."""
    session = db.get_session()
    quiz = _taught_quiz(slug, quiz_slug)
    result = regrading.regrade_quiz(session, quiz, actor=require_account(), now=utcnow())
    session.commit()
    flash(_regrade_message(quiz.title, result), "success")
    return redirect(url_for(".quizzes_of_course", slug=slug))


@bp.route("/courses/<slug>/quizzes/<quiz_slug>/report")
@role_required(Role.TRAINER, Role.ADMIN)
def report(slug: str, quiz_slug: str) -> ResponseReturnValue:
    """Show how the quiz's assessed attempts went, overall and question by question."""
    quiz = _taught_quiz(slug, quiz_slug)
    _finish_overdue(quiz)
    summed_up = quiz_reports.quiz_report(db.get_session(), quiz)
    return render_template("lms/assess/report.html", course=quiz.course, report=summed_up)


@bp.route("/courses/<slug>/quizzes/<quiz_slug>/report.csv")
@role_required(Role.TRAINER, Role.ADMIN)
def report_csv(slug: str, quiz_slug: str) -> ResponseReturnValue:
    """Download one row per assessed attempt, with the mark of each question."""
    quiz = _taught_quiz(slug, quiz_slug)
    _finish_overdue(quiz)
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
    require_teaching(course.id)
    return course


def _taught_quiz(slug: str, quiz_slug: str) -> Quiz:
    """The quiz of a taught course, withdrawn or not: its attempts still need reports."""
    course = _taught_course(slug)
    quiz = quizzes.find_quiz(db.get_session(), course, quiz_slug, include_withdrawn=True)
    if quiz is None:
        abort(404)
    return quiz


def _markable_item_or_404(item_id: int) -> AttemptItem:
    """An answer a trainer marks, in a course the signed-in account teaches (else 403).

    The course is checked first, so that others learn nothing about the answer.
    """
    item = db.get_or_404(db.get_session(), AttemptItem, item_id)
    require_teaching(item.attempt.quiz.course_id)
    if item.question_version.type not in marking.TRAINER_MARKED:
        abort(404)  # scorers mark it: there is nothing for a trainer to do
    return item


def _finish_overdue(quiz: Quiz | None = None) -> None:
    """Submit the attempts (of ``quiz``, or of all) whose time ran out, so that pages count them."""
    session = db.get_session()
    if quizzes.finish_overdue(session, now=utcnow(), quiz=quiz):
        session.commit()


def _regrade_message(title: str, result: regrading.RegradeResult) -> str:
    message = (
        f"{title}: {counted(result.attempts, 'attempt')} regraded, "
        f"{result.changed} with a changed mark."
    )
    if result.kept:
        their = "its" if result.kept == 1 else "their"
        message += (
            f" {counted(result.kept, 'answer')} kept {their} old version of the question "
            "because the question's parts changed."
        )
    return message
