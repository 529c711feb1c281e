"""The training body's side of 课程备案 (R10.2): the draft — 课程名称, 课程类别, 授课教师 (teachers bound to that
category), 课程大纲, 课程资料 — its checks and submission, and the 申请信息 everyone who may see the case reads."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, delete

from domain.engine import cases
from domain.engine.applications import ApplicationModel
from domain.engine.case_attachments import Attachment, Slot, listed
from domain.engine.prechecks import PrecheckItem
from domain.records import teacher_confirmation
from domain.records.training import category_paths, check_category_in_use, lineage
from domain.services.course_filing.rules import is_training_body, teachers_bound_to
from domain.services.course_filing.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import (
    Case,
    CourseFiling,
    CourseFilingFile,
    CaseTeacher,
    Institution,
)

STEPS = ('precheck', 'info', 'done')
LIMITS = {'course_name': 100, 'outline': 4000}
MATERIALS = Slot(CourseFilingFile, purpose='course_material', limit=10, field='materials', label='课程资料')
NOT_TRAINING_BODY = '只有培训机构账号可以办理课程备案'


@dataclass(frozen=True)
class FilingView:
    case: cases.CaseView
    course_name: str
    category_id: int | None
    category_path: str
    lineage: tuple[int, ...]
    teacher_ids: tuple[int, ...]
    teachers: tuple[teacher_confirmation.LinkedTeacher, ...]
    outline: str
    attachments: tuple[Attachment, ...]
    wizard_step: str


# -- services --------------------------------------------------------------------------------------

def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: a training body's account."""
    with unit_of_work() as session:
        ok = actor.role is Role.INSTITUTION_STAFF and is_training_body(session, actor)
    return [PrecheckItem('培训机构', ok, f'以培训机构名义备案：{actor.institution_name or ""}' if ok else NOT_TRAINING_BODY)]


def teacher_options(actor: Actor, category_id: int | None) -> list[tuple[int, str]]:
    """授课教师 to choose from: the active teachers bound to the category."""
    with unit_of_work() as session:
        if not is_training_body(session, actor):
            raise NotAllowed(NOT_TRAINING_BODY)
        return teachers_bound_to(session, category_id)


def start(actor: Actor) -> FilingView:
    """Open a new draft (it gets its 业务号 now and appears in the body's 我的事项)."""
    if not precheck(actor)[0].passed:
        raise NotAllowed(NOT_TRAINING_BODY)
    with unit_of_work(write=True) as session:
        case = cases.create_draft_in(session, actor, SERVICE_CODE, summary='未填写课程名称',
                                     body_id=actor.institution_id)
        row = CourseFiling(case_id=case.id, wizard_step='info', updated_at=clock.now())  # type: ignore[arg-type]
        session.add(row)
        session.flush()
        return _view(session, case, row)


def save_info(actor: Actor, case_id: int, **values: object) -> FilingView:
    """Autosave: each value checked as it comes; 授课教师 only among those bound to the category chosen."""
    return MODEL.save(actor, case_id, values, _set,  # type: ignore[no-any-return]
                      lambda session, case, row: row.course_name or '未填写课程名称')


def attach(actor: Actor, case_id: int, filename: str, data: bytes) -> FilingView:
    return MODEL.attach(actor, case_id, filename, data)  # type: ignore[no-any-return]


def detach(actor: Actor, case_id: int, file_id: int) -> FilingView:
    return MODEL.detach(actor, case_id, file_id)  # type: ignore[no-any-return]


# -- inside a transaction --------------------------------------------------------------------------

def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 申请信息, label -> text (also kept in the snapshot of a returned round)."""
    row = session.get(CourseFiling, case.id)
    if row is None:
        return {}
    body = session.get(Institution, case.body_id) if case.body_id else None
    teachers = teacher_confirmation.linked(session, case.id)
    return {
        '培训机构': body.name if body else '',
        '课程名称': row.course_name,
        '课程类别': category_paths(session, [row.category_id]).get(row.category_id, '') if row.category_id else '',
        '授课教师': '、'.join(f'{t.name}（{t.answer}）' for t in teachers),
        '课程大纲': row.outline,
        '课程资料': '、'.join(a.name for a in listed(session, MATERIALS, case.id)),  # type: ignore[arg-type]
    }


def _set(session: Session, case: Case, row: CourseFiling, name: str, value: object) -> None:
    if name in LIMITS:
        text = value.strip() if isinstance(value, str) else ''
        if len(text) > LIMITS[name]:
            raise Invalid(name, f'{"课程名称" if name == "course_name" else "课程大纲"}不能超过{LIMITS[name]}字')
        setattr(row, name, text)
    elif name == 'category_id':
        if value is not None:
            if not isinstance(value, int) or isinstance(value, bool):
                raise Invalid(name, '请选择三级课程类别')
            check_category_in_use(session, value)
        if value != row.category_id:  # teachers are bound to one category: another category asks for others
            session.exec(delete(CaseTeacher).where(col(CaseTeacher.case_id) == case.id))  # type: ignore[call-overload]
        row.category_id = value  # type: ignore[assignment]
    elif name == 'teacher_ids':
        chosen = list(dict.fromkeys(value)) if isinstance(value, (list, tuple)) else None
        allowed = {teacher_id for teacher_id, _ in teachers_bound_to(session, row.category_id)}
        if chosen is None or not set(chosen) <= allowed:
            raise Invalid(name, '请从绑定该课程类别的教师中选择')
        teacher_confirmation.name(session, case.id, chosen)  # type: ignore[arg-type]
    elif name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
    else:
        raise Invalid(name, '未知字段')
    session.flush()


def _problems_in(session: Session, actor: Actor, case: Case, row: CourseFiling) -> list[Invalid]:
    found: list[Invalid] = []
    if not row.course_name:
        found.append(Invalid('course_name', '请填写课程名称'))
    if row.category_id is None:
        found.append(Invalid('category_id', '请选择课程类别'))
    else:
        try:
            check_category_in_use(session, row.category_id)
        except Invalid as error:
            found.append(error)
    teachers = teacher_confirmation.linked(session, case.id)
    allowed = {teacher_id for teacher_id, _ in teachers_bound_to(session, row.category_id)}
    if not teachers:
        found.append(Invalid('teacher_ids', '请选择授课教师'))
    elif any(t.teacher_id not in allowed for t in teachers):
        found.append(Invalid('teacher_ids', '所选教师已不再绑定该课程类别，请重新选择'))
    if not row.outline:
        found.append(Invalid('outline', '请填写课程大纲'))
    return found


def _view(session: Session, case: Case, row: CourseFiling) -> FilingView:
    teachers = teacher_confirmation.linked(session, case.id)
    path = category_paths(session, [row.category_id]).get(row.category_id, '') if row.category_id else ''
    return FilingView(cases.view_of(case), row.course_name, row.category_id, path, lineage(session, row.category_id),
                      tuple(t.teacher_id for t in teachers), teachers, row.outline,
                      listed(session, MATERIALS, case.id), row.wizard_step)  # type: ignore[arg-type]


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(CourseFiling, (SERVICE_CODE,), view=lambda session, actor, case, row: _view(session, case, row),
                         problems_in=_problems_in, facts_in=facts_in, attachments=MATERIALS)
application, problems, submit, facts, _load = (MODEL.application, MODEL.problems, MODEL.submit, MODEL.facts,
                                               MODEL.load)
