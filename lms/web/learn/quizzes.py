"""Trainee quiz pages: a quiz and its past attempts, taking an attempt page by page, its review.

Every answer a page holds is saved on each of its buttons (and by the script as the trainee
goes), so a lost connection or a closed browser loses at most the answer being typed.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from lms import db
from lms.models import Attempt, Quiz, utcnow
from lms.services import attempts, quizzes
from lms.services.errors import NotFound, NotPermitted
from lms.services.quizzes import AttemptClosed
from lms.web.access import require_account, signed_in
from lms.web.learn.views import bp, published_course_or_404

AUTOSAVE_HEADER = "X-Autosave"


def _quiz_or_404(session: Session, slug: str, quiz_slug: str) -> Quiz:
    quiz = quizzes.find_quiz(session, published_course_or_404(session, slug), quiz_slug)
    if quiz is None:
        abort(404)
    return quiz


def _own_attempt_or_404(session: Session, attempt_id: int) -> Attempt:
    """The attempt, if it is the signed-in account's own: others' attempts do not exist for them."""
    attempt = quizzes.find_attempt(session, attempt_id, account=require_account())
    if attempt is None:
        abort(404)
    return attempt


def _closed(session: Session, attempt: Attempt, error: AttemptClosed) -> ResponseReturnValue:
    """Refuse answers to a finished or overdue attempt and show what it came to."""
    session.commit()  # the service may just have finished an overdue attempt
    if request.headers.get(AUTOSAVE_HEADER) == "1":
        return str(error), 409
    flash(str(error), "error")
    return redirect(url_for(".attempt_review", attempt_id=attempt.id))


def _posted_page() -> int:
    page = request.form.get("page", type=int)
    if page is None:
        abort(400)
    return page


@bp.route("/courses/<slug>/quizzes/<quiz_slug>")
@signed_in
def quiz(slug: str, quiz_slug: str) -> ResponseReturnValue:
    session = db.get_session()
    quiz = _quiz_or_404(session, slug, quiz_slug)
    status = quizzes.quiz_status(session, quiz, require_account(), now=utcnow())
    session.commit()
    return render_template("lms/learn/quiz.html", status=status)


@bp.route("/courses/<slug>/quizzes/<quiz_slug>/start", methods=["POST"])
@signed_in
def start_attempt(slug: str, quiz_slug: str) -> ResponseReturnValue:
    session = db.get_session()
    quiz = _quiz_or_404(session, slug, quiz_slug)
    try:
        attempt = quizzes.start_attempt(session, quiz, trainee=require_account(), now=utcnow())
    except NotPermitted as error:
        flash(str(error), "error")
        return redirect(url_for(".quiz", slug=slug, quiz_slug=quiz_slug))
    session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>")
@signed_in
def attempt(attempt_id: int) -> ResponseReturnValue:
    session = db.get_session()
    attempt = _own_attempt_or_404(session, attempt_id)
    number = request.args.get("page", type=int, default=attempt.current_page)
    try:
        page = attempts.attempt_page(session, attempt, number, now=utcnow())
    except AttemptClosed as error:
        return _closed(session, attempt, error)
    except NotFound:
        abort(404)
    session.commit()
    return render_template("lms/learn/attempt.html", page=page)


@bp.route("/attempts/<int:attempt_id>", methods=["POST"])
@signed_in
def save_attempt(attempt_id: int) -> ResponseReturnValue:
    """Save the page's answers, then go where the pressed button says (the same page by default)."""
    session = db.get_session()
    attempt = _own_attempt_or_404(session, attempt_id)
    page = _posted_page()
    values = request.form.to_dict(flat=False)
    try:
        attempts.save_page(
            session, attempt, page=page, values=values, now=utcnow(), check="check" in values
        )
    except AttemptClosed as error:
        return _closed(session, attempt, error)
    session.commit()
    if request.headers.get(AUTOSAVE_HEADER) == "1":
        return "", 204
    target = request.form.get("go", type=int, default=page)
    return redirect(url_for(".attempt", attempt_id=attempt.id, page=target))


@bp.route("/attempts/<int:attempt_id>/finish", methods=["POST"])
@signed_in
def finish_attempt(attempt_id: int) -> ResponseReturnValue:
    """Save the posted page and submit the attempt; a second click finds it finished."""
    session = db.get_session()
    attempt = _own_attempt_or_404(session, attempt_id)
    now = utcnow()
    try:
        if "page" in request.form:
            values = request.form.to_dict(flat=False)
            attempts.save_page(session, attempt, page=_posted_page(), values=values, now=now)
        quizzes.submit_attempt(session, attempt, now=now)
    except AttemptClosed as error:
        return _closed(session, attempt, error)
    session.commit()
    flash("Your attempt is finished.", "success")
    return redirect(url_for(".attempt_review", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/review")
@signed_in
def attempt_review(attempt_id: int) -> ResponseReturnValue:
    session = db.get_session()
    attempt = _own_attempt_or_404(session, attempt_id)
    try:
        review = attempts.attempt_review(session, attempt, now=utcnow())
    except NotPermitted:
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    session.commit()
    return render_template("lms/learn/attempt_review.html", review=review)
