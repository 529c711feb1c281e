"""The teacher's side of 解除备案 (R10.3): asked from 课程备案管理 on a filed course with its 解除原因, and submitted at
once; and its 申请信息 for the body and CCAA staff."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.engine import cases
from domain.records.training import category_paths
from domain.services.course_unbinding.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, CourseFiling, CaseTeacher, CourseUnbinding, Institution, User

REASON_MAX = 1000
NOT_FILED = '已备案完成的课程才可进行解除操作'


def request(actor: Actor, filing_case_id: int, reason: str) -> cases.CaseView:
    """解除备案: a request about the teacher's own link to a filed course, submitted in the same transaction."""
    text = reason.strip()
    if not text:
        raise Invalid('reason', '请填写解除原因')
    if len(text) > REASON_MAX:
        raise Invalid('reason', f'解除原因不能超过{REASON_MAX}字')
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed(NOT_FILED)
    try:
        with unit_of_work(write=True) as session:
            filing = session.get(Case, filing_case_id)
            link = session.exec(select(CaseTeacher).where(
                CaseTeacher.case_id == filing_case_id, CaseTeacher.teacher_id == actor.user_id)).first()
            course = session.get(CourseFiling, filing_case_id)
            if filing is None or link is None or course is None:
                raise NotFound('未找到该课程备案')
            if filing.outcome != 'filed' or link.unbound_at is not None:
                raise NotAllowed(NOT_FILED)
            case = cases.create_draft_in(session, actor, SERVICE_CODE, summary=course.course_name if course else '',
                                         body_id=filing.body_id)
            row = CourseUnbinding(case_id=case.id, filing_case_id=filing_case_id, link_id=link.id, reason=text,  # type: ignore[arg-type]
                                  open_key=link.id, updated_at=clock.now())
            session.add(row)
            session.flush()
            return cases.submit_in(session, actor, case, row, None)
    except IntegrityError:  # asked twice for the same course at once
        raise Conflict('该课程的解除备案已在办理中') from None


def facts_in(session: Session, case: Case) -> dict[str, str]:
    row = session.get(CourseUnbinding, case.id)
    if row is None:
        return {}
    course = session.get(CourseFiling, row.filing_case_id)
    filing = session.get(Case, row.filing_case_id)
    body = session.get(Institution, filing.body_id) if filing and filing.body_id else None
    teacher = session.get(User, case.applicant_id)
    return {
        '课程备案业务号': filing.case_no if filing else '',
        '课程名称': course.course_name if course else '',
        '课程类别': category_paths(session, [course.category_id]).get(course.category_id, '')  # type: ignore[arg-type]
        if course and course.category_id else '',
        '培训机构': body.name if body else '',
        '教师': teacher.name if teacher else '',
        '解除原因': row.reason,
    }
