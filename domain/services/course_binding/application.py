"""The teacher's side of 绑定课程类别 (R10.1): 条件自检, the draft with its category and evidence rows (工作经历,
授课经历 — the case's experience rows), submission; and the categories a teacher is bound to (课程管理)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from domain.engine import cases, experiences, prechecks
from domain.engine.applications import ApplicationModel
from domain.engine.prechecks import PrecheckItem
from domain.records.training import category_paths, is_teacher, lineage
from domain.services.course_binding.rules import check_category
from domain.services.course_binding.workflow import SERVICE_CODE
from domain.shared import clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Invalid, NotAllowed
from storage.db import unit_of_work
from storage.tables import Case, CourseBinding, TeacherCategory

STEPS = ('precheck', 'info', 'done')
EVIDENCE_KINDS = ('work_experience', 'teaching_experience')  # 添加工作经历或授课经历
NOT_TEACHER = '只有培训教师可以绑定课程类别'
NO_EVIDENCE = '请至少添加一条工作经历或授课经历'
NO_CATEGORY = '未选择课程类别'


@dataclass(frozen=True)
class BindingView:
    case: cases.CaseView
    category_id: int | None
    category_path: str  # 基础课程 > 基础认证 > 认证人员守则
    lineage: tuple[int, ...]  # the chosen category's ids from its root down, for the three selects
    wizard_step: str


@dataclass(frozen=True)
class BoundCategory:
    category_id: int
    path: str
    bound_at: datetime


# -- services --------------------------------------------------------------------------------------

def bound_categories(actor: Actor) -> list[BoundCategory]:
    """课程管理: the categories the teacher is bound to, in the order they were bound."""
    with unit_of_work() as session:
        rows = session.exec(select(TeacherCategory).where(TeacherCategory.teacher_id == actor.user_id)
                            .order_by(TeacherCategory.bound_at, TeacherCategory.id)).all()
        paths = category_paths(session, [r.category_id for r in rows])
    return [BoundCategory(r.category_id, paths[r.category_id], r.bound_at) for r in rows]


def is_active_teacher(actor: Actor) -> bool:
    with unit_of_work() as session:
        return actor.role is Role.INDIVIDUAL and is_teacher(session, actor.user_id)


def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: 实名认证 and 培训教师."""
    teacher = is_active_teacher(actor)
    return [prechecks.real_name(actor),
            PrecheckItem('培训教师', teacher, '已登记为培训教师' if teacher else NOT_TEACHER)]


def start(actor: Actor) -> BindingView:
    """Open a new draft after 条件自检 (it gets its 业务号 now and appears in 草稿箱)."""
    failed = next((item for item in precheck(actor) if not item.passed), None)
    if failed is not None:
        raise NotAllowed(failed.detail)
    with unit_of_work(write=True) as session:
        case = cases.create_draft_in(session, actor, SERVICE_CODE, summary='未选择课程类别')
        row = CourseBinding(case_id=case.id, wizard_step='info', updated_at=clock.now())  # type: ignore[arg-type]
        session.add(row)
        session.flush()
        return _view(session, case, row)


def save_info(actor: Actor, case_id: int, **values: object) -> BindingView:
    """Autosave: 课程类别 (a third-level category in use, not bound yet) and the step the wizard is at."""
    return MODEL.save(actor, case_id, values, _set, _summary)  # type: ignore[no-any-return]


def submit(actor: Actor, case_id: int, expected_version: int | None = None) -> cases.CaseView:
    """提交: checked, and the binding written with the case's closing, in one transaction."""
    try:
        return MODEL.submit(actor, case_id, expected_version)
    except IntegrityError:  # the same category bound from another tab at this moment
        raise Invalid('category_id', '您已绑定该课程类别') from None


# -- inside a transaction --------------------------------------------------------------------------

def facts_in(session: Session, case: Case) -> dict[str, str]:
    """The 申请信息, label -> text (the evidence rows are the case's experience rows)."""
    row = session.get(CourseBinding, case.id)
    if row is None:
        return {}
    return {'课程类别': category_paths(session, [row.category_id]).get(row.category_id, '') if row.category_id else ''}


def _set(session: Session, case: Case, row: CourseBinding, name: str, value: object) -> None:
    if name == 'category_id':
        if value is not None:
            if not isinstance(value, int) or isinstance(value, bool):
                raise Invalid(name, '请选择三级课程类别')
            check_category(session, case.applicant_id, value)
        row.category_id = value  # type: ignore[assignment]
    elif name == 'wizard_step':
        if value not in STEPS:
            raise Invalid(name, '请从选项中选择')
        row.wizard_step = value  # type: ignore[assignment]
    else:
        raise Invalid(name, '未知字段')


def _summary(session: Session, case: Case, row: CourseBinding) -> str:
    """事项名称's detail in 我的事项: the category chosen."""
    return category_paths(session, [row.category_id]).get(row.category_id, NO_CATEGORY) if row.category_id \
        else NO_CATEGORY


def _problems_in(session: Session, actor: Actor, case: Case, row: CourseBinding) -> list[Invalid]:
    found: list[Invalid] = []
    if not is_teacher(session, case.applicant_id):
        found.append(Invalid('precheck', NOT_TEACHER))
    if row.category_id is None:
        found.append(Invalid('category_id', '请选择课程类别'))
    else:
        try:
            check_category(session, case.applicant_id, row.category_id)
        except Invalid as error:
            found.append(error)
    rows = experiences.case_texts_in(session, case.id)  # type: ignore[arg-type]
    if not any(rows.get(kind) for kind in EVIDENCE_KINDS):
        found.append(Invalid('evidence', NO_EVIDENCE))
    return found


def _view(session: Session, case: Case, row: CourseBinding) -> BindingView:
    path = category_paths(session, [row.category_id]).get(row.category_id, '') if row.category_id else ''
    return BindingView(cases.view_of(case), row.category_id, path, lineage(session, row.category_id),
                       row.wizard_step)


# -- what every application does, with this one's parts --------------------------------------------

MODEL = ApplicationModel(CourseBinding, (SERVICE_CODE,), view=lambda session, actor, case, row: _view(session, case, row),
                         problems_in=_problems_in, facts_in=facts_in)
application, problems, facts, _load = MODEL.application, MODEL.problems, MODEL.facts, MODEL.load
