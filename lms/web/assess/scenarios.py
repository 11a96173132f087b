"""Trainer pages of branching scenarios: a cohort's report, and any trainee's path through it."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from lms import db
from lms.models import Role, RoleplayKind, ScenarioPlay
from lms.services import scenario_reports
from lms.web.access import require_teaching, role_required
from lms.web.assess.views import bp
from lms.web.learn.path_diagram import path_diagram
from lms.web.roleplays import roleplay_of_kind_or_404


@bp.route("/roleplays/<int:roleplay_id>/report")
@role_required(Role.TRAINER, Role.ADMIN)
def scenario_report(roleplay_id: int) -> ResponseReturnValue:
    """Show how a cohort played a scenario: choices taken, final scores, endings, each play."""
    session = db.get_session()
    roleplay = roleplay_of_kind_or_404(
        session, roleplay_id, RoleplayKind.SCENARIO, include_withdrawn=True
    )
    require_teaching(roleplay.course_id)
    report = scenario_reports.scenario_report(session, roleplay)
    return render_template("lms/assess/scenario_report.html", report=report)


@bp.route("/plays/<int:play_id>")
@role_required(Role.TRAINER, Role.ADMIN)
def play(play_id: int) -> ResponseReturnValue:
    """Show a trainee's path through a scenario, finished or not, as its debrief shows it."""
    session = db.get_session()
    play = db.get_or_404(session, ScenarioPlay, play_id)
    require_teaching(play.roleplay.course_id)
    summed_up = scenario_reports.debrief(session, play)
    diagram = path_diagram(summed_up)
    return render_template("lms/assess/play.html", debrief=summed_up, diagram=diagram)
