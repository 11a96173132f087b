"""Trainee pages: catalogue, course, lessons, dashboard."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from lms.web.access import public, signed_in

bp = Blueprint("learn", __name__, template_folder="templates")


@bp.route("/")
@signed_in
def dashboard() -> ResponseReturnValue:
    return "dashboard"


@bp.route("/courses")
@public
def catalogue() -> ResponseReturnValue:
    return render_template("lms/learn/catalogue.html")
