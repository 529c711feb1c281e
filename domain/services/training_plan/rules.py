"""培训计划's own rules: which courses a body may plan (those filed for it) and with which teachers (those who agreed
to teach the course and still do), what 提交 asks of them, and what 终止 writes."""
from __future__ import annotations

from sqlmodel import Session, col, select

from domain.records import teacher_confirmation
from domain.records.training import category_paths
from domain.shared import clock
from domain.shared.actors import Actor
from storage.tables import Case, CaseTeacher, CourseFiling, TrainingPlan, User

ASK = '您有一条培训项目编号为【{plan_no}】的机构培训计划，需要教师确认'
PLANS_PAGE = '/my/courses/plans'  # 培训课程管理 › 培训计划管理


def filed_courses(session: Session, body_id: int | None) -> list[tuple[int, str]]:
    """(filing case id, '课程名称（课程类别）') of the courses filed for the body (课程备案 批准)."""
    rows = session.exec(select(Case.id, CourseFiling.course_name, CourseFiling.category_id)
                        .join(CourseFiling, CourseFiling.case_id == Case.id)  # type: ignore[arg-type]
                        .where(Case.body_id == body_id, Case.outcome == 'filed')
                        .order_by(CourseFiling.course_name, Case.id)).all()
    paths = category_paths(session, [category for _, _, category in rows if category is not None])
    return [(case_id, f'{name}（{paths.get(category, "")}）') for case_id, name, category in rows]  # type: ignore[misc]


def course_teachers(session: Session, filing_case_id: int | None) -> list[tuple[int, str]]:
    """(user id, name) of the teachers who agreed to teach the filed course and have not left it."""
    if filing_case_id is None:
        return []
    rows = session.exec(select(User.id, User.name).join(CaseTeacher, CaseTeacher.teacher_id == User.id)
                        .where(CaseTeacher.case_id == filing_case_id, CaseTeacher.answer == 'agree',
                               col(CaseTeacher.unbound_at).is_(None)).order_by(col(CaseTeacher.id))).all()
    return [(user_id, name) for user_id, name in rows]  # type: ignore[misc]


def ask_teachers(session: Session, case: Case, actor: Actor) -> None:
    """On 提交 and 重新提交: every named teacher is asked afresh."""
    plan = session.get(TrainingPlan, case.id)
    teacher_confirmation.ask(session, case, ASK.format(plan_no=plan.plan_no if plan else ''), PLANS_PAGE)


def terminate(session: Session, case: Case, actor: Actor) -> None:
    """On 终止: the plan records when; its reason is the action's opinion (TrainingPlan.termination_reason)."""
    plan = session.get(TrainingPlan, case.id)
    assert plan is not None
    plan.terminated_at = clock.now()
    session.add(plan)
