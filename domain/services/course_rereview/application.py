"""老课复审's form and rules: which course (the body's own approved online courses, one open 老课复审 each), why,
and the 延期时间 fixed on 提交: a year from the day after the course runs out."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from domain.engine.forms import Field, Form, Kind
from domain.engine.prechecks import PrecheckItem
from domain.engine.workflow import Status
from domain.records.course_reviews import extension_text
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid
from storage.db import unit_of_work
from storage.tables import Case, CourseRereview, OnlineCourse, User

NONE_TO_EXTEND = '本机构没有已批准的网络课程'
TAKEN = '该课程的老课复审已在办理中'


def _year_after(last_day: date) -> tuple[date, date]:
    start = date.fromordinal(last_day.toordinal() + 1)
    try:
        end = start.replace(year=start.year + 1)
    except ValueError:
        end = start.replace(year=start.year + 1, day=28)
    return start, date.fromordinal(end.toordinal() - 1)


def _body_courses(session: Session, actor: Actor) -> list[tuple[OnlineCourse, Case]]:
    """The approved online courses of the actor's training body."""
    if actor.role is not Role.INSTITUTION_STAFF or actor.institution_id is None:
        return []
    colleagues = select(User.id).where(User.institution_id == actor.institution_id)
    rows = session.exec(select(OnlineCourse, Case).join(Case, Case.id == OnlineCourse.case_id)  # type: ignore[arg-type]
                        .where(col(Case.applicant_id).in_(colleagues), Case.service_code == 'online_course',
                               Case.outcome == 'approved', col(OnlineCourse.valid_until).is_not(None))
                        .order_by(OnlineCourse.valid_until)).all()
    return list(rows)


def course_options(actor: Actor, view: Any) -> dict[Any, str]:
    with unit_of_work() as session:
        return {case.id: f'{course.course_name}（{case.case_no}，有效期至{course.valid_until}）'
                for course, case in _body_courses(session, actor)}


def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: a training body with an approved online course."""
    with unit_of_work() as session:
        found = _body_courses(session, actor)
    return [PrecheckItem('已批准的网络课程', bool(found),
                         f'可申请复审的课程：{"，".join(c.course_name for c, _ in found)}' if found else NONE_TO_EXTEND)]


def _open_elsewhere(session: Session, case: Case, course_case_id: int) -> bool:
    other = session.exec(select(Case.id).join(CourseRereview, CourseRereview.case_id == Case.id)  # type: ignore[arg-type]
                         .where(CourseRereview.course_case_id == course_case_id, Case.id != case.id,
                                Case.status != Status.CLOSED.value)).first()
    return other is not None


def checks(session: Session, actor: Actor, case: Case, row: CourseRereview) -> list[Invalid]:
    if row.course_case_id is None:
        return []
    if row.course_case_id not in {c.id for _, c in _body_courses(session, actor)}:
        return [Invalid('course_case_id', '请从选项中选择课程')]
    if _open_elsewhere(session, case, row.course_case_id):
        return [Invalid('course_case_id', TAKEN)]
    return []


def fix_extension(session: Session, actor: Actor, case: Case, row: CourseRereview) -> None:
    """On 提交: the 延期时间, a year from the day after the course runs out."""
    course = session.get(OnlineCourse, row.course_case_id)
    assert course is not None and course.valid_until is not None
    row.extend_from, row.extend_to = _year_after(course.valid_until)
    session.add(row)


def facts_in(session: Session, case: Case) -> dict[str, str]:
    row = session.get(CourseRereview, case.id)
    if row is None:
        return {}
    course = session.get(OnlineCourse, row.course_case_id) if row.course_case_id else None
    course_case = session.get(Case, row.course_case_id) if row.course_case_id else None
    return {
        '课程名称': course.course_name if course else '',
        '课程业务号': course_case.case_no if course_case else '',
        '课程设计类型': course.design_type if course else '',
        '课程设计领域': course.design_field if course else '',
        '有效期至': course.valid_until.isoformat() if course and course.valid_until else '',
        '延期时间': extension_text(row.extend_from, row.extend_to),
        '申请说明': row.reason,
    }


FORM = Form(CourseRereview, '老课复审', heading='* 老课复审申请', precheck=precheck, checks=checks,
            before_submit=fix_extension, fields=(
    Field('course_case_id', '复审课程', Kind.SELECT, required=True, options_of=course_options),
    Field('reason', '申请说明', Kind.TEXTAREA, required=True, max_length=1000, hint='课程内容更新情况及申请延期的理由'),
))
