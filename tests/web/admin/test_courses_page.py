"""Course trainers: administrators assign and unassign them."""

from __future__ import annotations

from lms.models import Role
from tests.conftest import post_form


def test_courses_page_lists_every_course_with_its_trainers(admin_client, make_course):
    make_course(title="Negotiation basics")
    make_course(title="Partnership agreements")
    page = admin_client.get("/admin/courses").get_data(as_text=True)
    assert "Negotiation basics" in page
    assert "Partnership agreements" in page
    assert "No trainer teaches this course yet." in page


def test_assigning_a_trainer_lists_them_on_the_course(admin_client, make_account, make_course):
    trainer = make_account(Role.TRAINER, display_name="Tomás Trainer")
    course = make_course()
    response = post_form(
        admin_client,
        f"/admin/courses/{course.id}/trainers",
        {f"course-{course.id}-trainer_id": trainer.id},
    )
    assert response.headers["Location"] == "/admin/courses"
    page = admin_client.get("/admin/courses").get_data(as_text=True)
    assert "Remove Tomás Trainer" in page


def test_assign_offers_only_active_trainers_not_yet_teaching(
    admin_client, make_account, make_course, db_session
):
    teaching = make_account(Role.TRAINER, display_name="Already Teaching")
    make_account(Role.TRAINER, display_name="Free Trainer")
    make_account(Role.TRAINEE, display_name="Just Trainee")
    gone = make_account(Role.TRAINER, display_name="Gone Trainer")
    gone.is_active = False
    course = make_course()
    course.trainers.append(teaching)
    db_session.commit()
    page = admin_client.get("/admin/courses").get_data(as_text=True)
    select_html = page.split(f'id="course-{course.id}-trainer_id"', 1)[1].split("</select>")[0]
    assert "Free Trainer" in select_html
    assert "Already Teaching" not in select_html
    assert "Just Trainee" not in select_html
    assert "Gone Trainer" not in select_html


def test_assigning_an_account_without_the_trainer_role_is_refused(
    admin_client, make_account, make_course, db_session
):
    trainee = make_account(Role.TRAINEE)
    course = make_course()
    response = post_form(
        admin_client,
        f"/admin/courses/{course.id}/trainers",
        {f"course-{course.id}-trainer_id": trainee.id},
        follow_redirects=True,
    )
    assert "Choose one of the listed trainers." in response.get_data(as_text=True)
    db_session.refresh(course)
    assert course.trainers == []


def test_unassigning_a_trainer_removes_them_from_the_course(
    admin_client, make_account, make_course, db_session
):
    trainer = make_account(Role.TRAINER, display_name="Tomás Trainer")
    course = make_course()
    course.trainers.append(trainer)
    db_session.commit()
    response = post_form(
        admin_client,
        f"/admin/courses/{course.id}/trainers/{trainer.id}/remove",
        follow_redirects=True,
    )
    assert "Tomás Trainer no longer teaches" in response.get_data(as_text=True)
    db_session.refresh(course)
    assert course.trainers == []


def test_trainer_assignment_is_in_the_audit_log(admin_client, make_account, make_course):
    trainer = make_account(Role.TRAINER)
    course = make_course()
    post_form(
        admin_client,
        f"/admin/courses/{course.id}/trainers",
        {f"course-{course.id}-trainer_id": trainer.id},
    )
    page = admin_client.get("/admin/audit").get_data(as_text=True)
    assert "course.trainer_assigned" in page
    assert f"trainer: {trainer.email}" in page
