"""Trainee pages of branching scenarios: the introduction, playing node by node, the debrief.

Each reply is a plain form posted and redirected (no script needed); the form carries the
number of steps taken when it was shown, so a repeated or stale form records nothing twice.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from lms import db
from lms.models import RoleplayKind, ScenarioPlay, utcnow
from lms.services import scenario_play, scenario_reports
from lms.services.errors import InvalidInput, NotPermitted
from lms.services.scenario_play import StaleStep
from lms.web.access import require_account, signed_in
from lms.web.learn.path_diagram import path_diagram
from lms.web.learn.views import bp
from lms.web.roleplays import roleplay_of_kind_or_404


def _own_play_or_404(session: Session, play_id: int) -> ScenarioPlay:
    """The play, if it is the signed-in account's own: others' plays do not exist for them."""
    play = scenario_play.find_play(session, play_id, account=require_account())
    if play is None:
        abort(404)
    return play


@bp.route("/roleplays/<int:roleplay_id>/scenario")
@signed_in
def scenario(roleplay_id: int) -> ResponseReturnValue:
    """Introduce a scenario and offer to start or resume a play; list the trainee's plays."""
    session = db.get_session()
    roleplay = roleplay_of_kind_or_404(session, roleplay_id, RoleplayKind.SCENARIO)
    status = scenario_play.scenario_status(session, roleplay, require_account())
    return render_template("lms/learn/scenario.html", status=status)


@bp.route("/roleplays/<int:roleplay_id>/plays", methods=["POST"])
@signed_in
def start_play(roleplay_id: int) -> ResponseReturnValue:
    """Resume the play in progress, or start one (a new one when ``restart`` is posted)."""
    session = db.get_session()
    roleplay = roleplay_of_kind_or_404(session, roleplay_id, RoleplayKind.SCENARIO)
    try:
        play = scenario_play.start_play(
            session,
            roleplay,
            trainee=require_account(),
            now=utcnow(),
            restart="restart" in request.form,
        )
    except NotPermitted as error:
        flash(str(error), "error")
        return redirect(url_for(".scenario", roleplay_id=roleplay.id))
    session.commit()
    return redirect(url_for(".play", play_id=play.id))


@bp.route("/plays/<int:play_id>")
@signed_in
def play(play_id: int) -> ResponseReturnValue:
    """Show where the trainee's play stands and the replies on offer there."""
    session = db.get_session()
    play = _own_play_or_404(session, play_id)
    if play.is_finished:
        return redirect(url_for(".debrief", play_id=play.id))
    view = scenario_play.play_view(session, play)
    return render_template("lms/learn/play.html", view=view)


@bp.route("/plays/<int:play_id>/choices", methods=["POST"])
@signed_in
def choose(play_id: int) -> ResponseReturnValue:
    """Record a reply, then show where the play stands (or its debrief at an ending)."""
    session = db.get_session()
    play = _own_play_or_404(session, play_id)
    step = request.form.get("step", type=int)
    if step is None:
        abort(400)
    choice_id = request.form.get("choice", "")
    try:
        if not choice_id:
            raise InvalidInput("choice", "Choose one of the replies, then press Reply.")
        scenario_play.choose(session, play, step=step, choice_id=choice_id, now=utcnow())
    except StaleStep as error:
        flash(str(error), "info")
    except NotPermitted as error:
        flash(str(error), "error")
    except InvalidInput as error:
        flash(error.message, "error")
    else:
        session.commit()
    if play.is_finished:
        return redirect(url_for(".debrief", play_id=play.id))
    return redirect(url_for(".play", play_id=play.id))


@bp.route("/plays/<int:play_id>/debrief")
@signed_in
def debrief(play_id: int) -> ResponseReturnValue:
    """Show how a finished play went: its path, its scores, and where it could have gone better."""
    session = db.get_session()
    play = _own_play_or_404(session, play_id)
    if not play.is_finished:
        return redirect(url_for(".play", play_id=play.id))
    summed_up = scenario_reports.debrief(session, play)
    return render_template(
        "lms/learn/debrief.html",
        debrief=summed_up,
        diagram=path_diagram(summed_up),
    )
