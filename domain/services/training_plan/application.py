"""The training body's side of 培训计划上报 (R10.4): the draft — 培训编号, 备案课程, dates, 培训方式 and 地点, 计划人数,
授课教师 — its checks and submission, 终止, and the 申请信息 everyone who may see the case reads."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from domain.engine import cases
from domain.engine.applications import ApplicationModel
from domain.engine.prechecks import PrecheckItem
from domain.records import teacher_confirmation
from domain.records.training import category_paths
from domain.services.training_plan.rules import course_teachers, filed_courses
from domain.services.training_plan.workflow import CONFIRMATION, CONFIRMED, SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import Case, CourseFiling, Institution, TrainingPlan

STEPS = ('precheck', 'info', 'done')
PLAN_NO_MAX, PLACE_MAX, MAX_CAPACITY, REASON_MAX = 32, 200, 1000, 1000
MODES = {True: '线上', False: '线下'}  # 培训方式
NOT_TRAINING_BODY = '只有培训机构账号可以上报培训计划'


@dataclass(frozen=True)
class PlanView:
    case: cases.CaseView
    plan_no: str
    filing_case_id: int | None
    course: str
    start_on: date | None
    end_on: date | None
    online: bool | None
    place: str
    capacity: int | None
    teacher_ids: tuple[int, ...]
    teachers: tuple[teacher_confirmation.LinkedTeacher, ...]
    terminated: bool
    wizard_step: str


# -- services --------------------------------------------------------------------------------------

def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: a training body's account with at least one filed course."""
    with unit_of_work() as session:
        body = session.get(Institution, actor.institution_id) if actor.institution_id else None
        is_body = actor.role is Role.INSTITUTION_STAFF and body is not None and body.kind == 'training'
        courses = filed_courses(session, actor.institution_id) if is_body else []
    return [PrecheckItem('培训机构', is_body, f'以培训机构名义上报：{actor.institution_name or ""}' if is_body
                         else NOT_TRAINING_BODY),
            PrecheckItem('备案课程', bool(courses), f'已备案课程 {len(courses)} 门' if courses
                         else '尚无已备案的课程，请先办理课程备案')]


def course_options(actor: Actor) -> list[tuple[int, str]]:
    """备案课程 to choose from: the body's filed courses."""
    _require_body(actor)
    with unit_of_work() as session:
        return filed_courses(session, actor.institution_id)


def teacher_options(actor: Actor, filing_case_id: int | None) -> list[tuple[int, str]]:
    """授课教师 to choose from: those who teach the filed course."""
    _require_body(actor)
    with unit_of_work() as session:
        return course_teachers(session, filing_case_id)


def start(actor: Actor) -> PlanView:
    failed = next((item for item in precheck(actor) if not item.passed), None)
    if failed is not None:
        raise NotAllowed(failed.detail)
    with unit_of_work(write=True) as session:
        case = cases.create_draft_in(session, actor, SERVICE_CODE, summary='未填写培训编号', body_id=actor.institution_id)
        row = TrainingPlan(case_id=case.id, wizard_step='info', updated_at=clock.now())  # type: ignore[arg-type]
        session.add(row)
        session.flush()
        return _view(session, case, row)


def save_info(actor: Actor, case_id: int, **values: object) -> PlanView:
    """Autosave: each value checked as it comes; 授课教师 only among those who teach the course chosen."""
    return MODEL.save(actor, case_id, values, _set,  # type: ignore[no-any-return]
                      lambda session, case, row: row.plan_no or '未填写培训编号')


def may_terminate(actor: Actor, case_id: int) -> bool:
    """终止 is the body's, while the plan has not ended."""
    with unit_of_work() as session:
        case = session.get(Case, case_id)
        return (case is not None and case.service_code == SERVICE_CODE and actor.role is Role.INSTITUTION_STAFF
                and case.body_id == actor.institution_id and case.stage in (CONFIRMATION, CONFIRMED))


def terminate(actor: Actor, case_id: int, reason: str, expected_version: int | None = None) -> cases.CaseView:
    """终止 with its reason; the teachers' pages show 是否终止 是 from now on."""
    text = reason.strip()
    if not text:
        raise Invalid('reason', '请填写终止原因')
    if len(text) > REASON_MAX:
        raise Invalid('reason', f'终止原因不能超过{REASON_MAX}字')
    if not may_terminate(actor, case_id):
        raise NotAllowed('只有上报该计划的培训机构可以终止未结束的培训计划')
    with unit_of_work(write=True) as session:
        row = session.get(TrainingPlan, case_id)
        assert row is not None
        row.termination_reason = text
        session.add(row)
        return cases.act_in(session, actor, case_id, 'terminate', expected_version=expected_version, opinion=text)


# -- inside a transaction --------------------------------------------------------------------------

def course_text(session: Session, filing_case_id: int | None) -> str:
    course = session.get(CourseFiling, filing_case_id) if filing_case_id else None
    if course is None:
        return ''
    path = category_paths(session, [course.category_id]).get(course.category_id, '') if course.category_id else ''
    return f'{course.course_name}（{path}）'


def facts_in(session: Session, case: Case) -> dict[str, str]:
    row = session.get(TrainingPlan, case.id)
    if row is None:
        return {}
    body = session.get(Institution, case.body_id) if case.body_id else None
    return {
        '培训编号': row.plan_no,
        '培训机构': body.name if body else '',
        '备案课程': course_text(session, row.filing_case_id),
        '培训时间': f'{row.start_on or ""} 至 {row.end_on or ""}' if row.start_on or row.end_on else '',
        '培训方式': MODES.get(row.online, '') if row.online is not None else '',  # type: ignore[arg-type]
        '培训地点': row.place,
        '计划人数': str(row.capacity) if row.capacity is not None else '',
        '授课教师': '、'.join(f'{t.name}（{t.answer}）' for t in teacher_confirmation.linked(session, case.id)),
        '是否终止': '是' if row.terminated_at else '否',
        '终止原因': row.termination_reason,
    }


def _require_body(actor: Actor) -> None:
    if not precheck(actor)[0].passed:
        raise NotAllowed(NOT_TRAINING_BODY)


def _set(session: Session, case: Case, row: TrainingPlan, name: str, value: object) -> None:
    if name == 'plan_no':
        text = value.strip() if isinstance(value, str) else ''
        if len(text) > PLAN_NO_MAX:
            raise Invalid(name, f'培训编号不能超过{PLAN_NO_MAX}字')
        row.plan_no = text
    elif name == 'filing_case_id':
        if value is not None and value not in {i for i, _ in filed_courses(session, case.body_id)}:
            raise Invalid(name, '请从已备案的课程中选择')
        if value != row.filing_case_id:
            teacher_confirmation.name(session, case.id, [])  # another course, other teachers
        row.filing_case_id = value  # type: ignore[assignment]
    elif name in ('start_on', 'end_on'):
        try:
            row.__setattr__(name, None if value in (None, '') else
                            value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            raise Invalid(name, '请按 年-月-日 填写日期') from None
    elif name == 'online':
        if value not in (True, False, None):
            raise Invalid(name, '请选择培训方式')
        row.online = value  # type: ignore[assignment]
    elif name == 'place':
        text = value.strip() if isinstance(value, str) else ''
        if len(text) > PLACE_MAX:
            raise Invalid(name, f'培训地点不能超过{PLACE_MAX}字')
        row.place = text
    elif name == 'capacity':
        number = value if isinstance(value, int) and not isinstance(value, bool) else \
            int(value) if isinstance(value, float) and value.is_integer() else None
        if value is not None and (number is None or not 1 <= number <= MAX_CAPACITY):
            raise Invalid(name, f'请填写1至{MAX_CAPACITY}之间的整数')
        row.capacity = number
    elif name == 'teacher_ids':
        chosen = list(value) if isinstance(value, (list, tuple)) else None
        allowed = {i for i, _ in course_teachers(session, row.filing_case_id)}
        if chosen is None or not set(chosen) <= allowed:
            raise Invalid(name, '请从该课程的授课教师中选择')
        teacher_confirmation.name(session, case.id, chosen)
    elif name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
    else:
        raise Invalid(name, '未知字段')


def _problems_in(session: Session, actor: Actor, case: Case, row: TrainingPlan) -> list[Invalid]:
    found: list[Invalid] = []
    if not row.plan_no:
        found.append(Invalid('plan_no', '请填写培训编号'))
    if row.filing_case_id is None:
        found.append(Invalid('filing_case_id', '请选择备案课程'))
    if row.start_on is None:
        found.append(Invalid('start_on', '请选择培训开始日期'))
    if row.end_on is None:
        found.append(Invalid('end_on', '请选择培训结束日期'))
    elif row.start_on is not None and row.end_on < row.start_on:
        found.append(Invalid('end_on', '培训结束日期不能早于开始日期'))
    if row.online is None:
        found.append(Invalid('online', '请选择培训方式'))
    elif row.online is False and not row.place:
        found.append(Invalid('place', '线下培训请填写培训地点'))
    if row.capacity is None:
        found.append(Invalid('capacity', '请填写计划人数'))
    teachers = teacher_confirmation.linked(session, case.id)
    allowed = {i for i, _ in course_teachers(session, row.filing_case_id)}
    if not teachers:
        found.append(Invalid('teacher_ids', '请选择授课教师'))
    elif any(t.teacher_id not in allowed for t in teachers):
        found.append(Invalid('teacher_ids', '所选教师已不再讲授该课程，请重新选择'))
    return found


def _view(session: Session, case: Case, row: TrainingPlan) -> PlanView:
    teachers = teacher_confirmation.linked(session, case.id)
    return PlanView(cases.view_of(case), row.plan_no, row.filing_case_id, course_text(session, row.filing_case_id),
                    row.start_on, row.end_on, row.online, row.place, row.capacity,
                    tuple(t.teacher_id for t in teachers), teachers, row.terminated_at is not None, row.wizard_step)


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(TrainingPlan, (SERVICE_CODE,), view=lambda session, actor, case, row: _view(session, case, row),
                         problems_in=_problems_in, facts_in=facts_in)
application, problems, submit, facts, _load = (MODEL.application, MODEL.problems, MODEL.submit, MODEL.facts,
                                               MODEL.load)
