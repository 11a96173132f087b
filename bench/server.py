"""The app under test: a fresh SQLite database with the real courses and one busy trainee,
served by gunicorn with two workers on a free local port."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.client import Client
from lms.db import Database
from lms.models import Account, Course, Lesson, utcnow
from lms.services import accounts, enrolment, progress

REPO_ROOT = Path(__file__).resolve().parent.parent
TRAINEE_EMAIL = "bench.trainee@example.org"
TRAINEE_PASSWORD = "quiet river lantern"  # noqa: S105 (a throwaway account in a temporary database)
LESSONS_COMPLETED_PER_COURSE = 2
WORKERS = 2
START_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Trainee:
    """The visitor the bench signs in as, and the lesson page it measures."""

    email: str
    password: str
    password_hash: str
    lesson_path: str


def environment(folder: Path) -> dict[str, str]:
    """Settings of the bench app: development mode (plain-HTTP cookies), its own database."""
    return {
        **os.environ,
        "LMS_ENV": "development",
        "LMS_DATABASE_URL": "sqlite:///" + str(folder / "bench.sqlite3"),
        "LMS_SECRET_KEY": secrets.token_hex(32),
        "LMS_MAIL_OUTBOX": str(folder / "outbox"),
        "LMS_COURSES_PATH": str(REPO_ROOT / "courses"),
    }


def flask_lms(env: dict[str, str], *arguments: str) -> None:
    """Run ``flask --app lms lms ...``, the operator's own commands."""
    command = [sys.executable, "-m", "flask", "--app", "lms", "lms", *arguments]
    subprocess.run(command, env=env, cwd=REPO_ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare_database(env: dict[str, str]) -> Trainee:
    """Migrate, import courses/ and add a trainee part-way through every course."""
    flask_lms(env, "db", "upgrade")
    flask_lms(env, "courses", "import")
    database = Database(env["LMS_DATABASE_URL"])
    try:
        with database.sessionmaker() as session:
            trainee = accounts.create_account(
                session,
                email=TRAINEE_EMAIL,
                display_name="Bench Trainee",
                password=TRAINEE_PASSWORD,
                hasher=PasswordHasher(),
                now=utcnow(),
            )
            session.flush()
            lesson_path = enrol_everywhere(session, trainee)
            session.commit()
            return Trainee(TRAINEE_EMAIL, TRAINEE_PASSWORD, str(trainee.password_hash), lesson_path)
    finally:
        database.dispose()


def enrol_everywhere(session: Session, trainee: Account) -> str:
    """Enrol ``trainee`` in every course and complete its first lessons, as a real trainee would
    be part-way through; return the path of the first course's next lesson (what "Continue" opens).
    """
    next_lesson_path = ""
    for course in session.scalars(select(Course).order_by(Course.slug)):
        enrolment.enrol(session, trainee, course, now=utcnow())
        lessons = session.scalars(
            select(Lesson)
            .where(Lesson.version_id == course.current_version_id)
            .order_by(Lesson.position)
        ).all()
        for lesson in lessons[:LESSONS_COMPLETED_PER_COURSE]:
            progress.complete_lesson(session, trainee, course, lesson.slug, now=utcnow())
        if not next_lesson_path and len(lessons) > LESSONS_COMPLETED_PER_COURSE:
            lesson = lessons[LESSONS_COMPLETED_PER_COURSE]
            next_lesson_path = f"/courses/{course.slug}/lessons/{lesson.slug}"
    if not next_lesson_path:
        raise RuntimeError("courses/ holds no course with enough lessons to benchmark")
    return next_lesson_path


def free_port() -> int:
    """A port nobody listens on now (gunicorn binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gunicorn(env: dict[str, str], log_path: Path) -> Iterator[int]:
    """Serve ``lms:create_app()`` with gunicorn until the block ends; yield its port."""
    port = free_port()
    bind = f"127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "-w", str(WORKERS), "-b", bind, "lms:create_app()"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=log)
        try:
            wait_until_serving(process, port, log_path)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_serving(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    """Poll /healthz until the app answers; fail with gunicorn's log if it never does."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        client = Client(port)
        try:
            if client.get("/healthz").status == 200:
                return
        except OSError:
            pass
        finally:
            client.close()
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start; its log:\n{log_path.read_text()[-4000:]}")
