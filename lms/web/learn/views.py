"""Trainee pages: catalogue, course, lessons (their glossary terms linked), dashboard."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from sqlalchemy.orm import Session

from lms import db
from lms.content.term_links import link_terms
from lms.models import Course, utcnow
from lms.services import (
    enrolment,
    glossary,
    live_sessions,
    pathway_progress,
    progress,
    quizzes,
    roleplay_progress,
)
from lms.services.errors import NotFound, NotPermitted
from lms.web.access import current_account, public, require_account, signed_in
from lms.web.learn.pathway_links import step_links

bp = Blueprint("learn", __name__, template_folder="templates")


def published_course_or_404(session: Session, slug: str) -> Course:
    """Return the course named ``slug`` if it has published content; answer 404 otherwise."""
    course = enrolment.find_course(session, slug)
    if course is None or course.current_version_id is None:
        abort(404)
    return course


def with_glossary_links(body_html: str) -> Markup:
    """Link the first use of each glossary term in a lesson's sanitised HTML to its entry.

    The terms are read once per request, in one query, however many lessons the page shows.
    """
    if "lms_glossary_links" not in g:
        targets = glossary.link_targets(db.get_session())
        g.lms_glossary_links = {
            wording: url_for("lms.learn.glossary_term", slug=slug)
            for wording, slug in targets.items()
        }
    linked = link_terms(body_html, g.lms_glossary_links)
    # The lesson's HTML was sanitised on import, and the linker escapes every text it copies.
    return Markup(linked)  # nosec B704


@bp.route("/")
@signed_in
def dashboard() -> ResponseReturnValue:
    session, account = db.get_session(), require_account()
    courses = progress.dashboard(session, account, now=utcnow())
    standings = pathway_progress.of_pathways(
        session, account.id, pathway_progress.pathways(session)
    )
    links = {
        item.pathway.slug: step_links(session, item.pathway, [item.next_step.requirement])
        for item in standings
        if item.next_step
    }
    return render_template(
        "lms/learn/dashboard.html", courses=courses, pathways=standings, pathway_links=links
    )


@bp.route("/courses")
@public
def catalogue() -> ResponseReturnValue:
    entries = enrolment.catalogue(db.get_session(), current_account())
    return render_template("lms/learn/catalogue.html", entries=entries)


@bp.route("/courses/<slug>")
@public
def course(slug: str) -> ResponseReturnValue:
    session = db.get_session()
    course = published_course_or_404(session, slug)
    account, now = current_account(), utcnow()
    outline = progress.course_outline(session, account, course)
    course_quizzes = quizzes.course_quizzes(session, course, account, now=now)
    roleplays = roleplay_progress.course_roleplays(session, account, course, now=now)
    sessions = live_sessions.sessions_for(session, account, course) if account else []
    return render_template(
        "lms/learn/course.html",
        outline=outline,
        quizzes=course_quizzes,
        roleplays=roleplays,
        live_sessions=sessions,
    )


@bp.route("/courses/<slug>/enrol", methods=["POST"])
@signed_in
def enrol(slug: str) -> ResponseReturnValue:
    session = db.get_session()
    course = published_course_or_404(session, slug)
    try:
        enrolment.enrol(session, require_account(), course, now=utcnow())
    except NotPermitted as error:
        flash(str(error), "error")
        return redirect(url_for(".catalogue"))
    session.commit()
    flash(f"You are enrolled in {course.title}.", "success")
    return redirect(url_for(".course", slug=slug))


@bp.route("/courses/<slug>/lessons/<lesson_slug>")
@signed_in
def lesson(slug: str, lesson_slug: str) -> ResponseReturnValue:
    session = db.get_session()
    course = published_course_or_404(session, slug)
    current = progress.find_lesson(session, course, lesson_slug)
    if current is None:
        abort(404)
    outline = progress.course_outline(session, require_account(), course)
    if outline.enrolment is None:
        flash("Enrol in this course to open its lessons.", "error")
        return redirect(url_for(".course", slug=slug))
    progress.record_visit(session, outline.enrolment, lesson_slug, now=utcnow())
    session.commit()
    previous, following = outline.neighbours(lesson_slug)
    return render_template(
        "lms/learn/lesson.html",
        outline=outline,
        lesson=current,
        body_html=with_glossary_links(current.body_html),
        is_done=outline.is_done(lesson_slug),
        previous=previous,
        following=following,
    )


@bp.route("/courses/<slug>/lessons/<lesson_slug>/complete", methods=["POST"])
@signed_in
def complete_lesson(slug: str, lesson_slug: str) -> ResponseReturnValue:
    session = db.get_session()
    course = published_course_or_404(session, slug)
    account = require_account()
    try:
        progress.complete_lesson(session, account, course, lesson_slug, now=utcnow())
    except NotPermitted as error:
        flash(str(error), "error")
        return redirect(url_for(".course", slug=slug))
    except NotFound:
        abort(404)
    outline = progress.course_outline(session, account, course)
    session.commit()
    if outline.progress.is_finished:
        flash(f"You have completed every lesson of {course.title}. Well done!", "success")
    else:
        flash("Lesson marked as complete.", "success")
    _, following = outline.neighbours(lesson_slug)
    if following is None:
        return redirect(url_for(".course", slug=slug))
    return redirect(url_for(".lesson", slug=slug, lesson_slug=following.slug))
