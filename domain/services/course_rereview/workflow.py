"""老课复审's workflow: 提交 → 分配专家 → 专家评价 (老课复审评价) → CCAA审核; 批准 extends the course to the end of
the 延期时间 its application asked for."""
from __future__ import annotations

from sqlmodel import Session

from domain.records.course_reviews import evaluated_workflow
from domain.shared.actors import Actor
from storage.tables import Case, CourseRereview, OnlineCourse

SERVICE_CODE = 'course_rereview'


def extend(session: Session, case: Case, actor: Actor) -> None:
    rereview = session.get(CourseRereview, case.id)
    course = session.get(OnlineCourse, rereview.course_case_id) if rereview and rereview.course_case_id else None
    assert rereview is not None and course is not None
    course.valid_until = rereview.extend_to
    session.add(course)


WORKFLOW = evaluated_workflow(SERVICE_CODE, approve=extend, approve_label='批准延期', refuse_label='不予延期')
