"""The teachers' side of 培训计划 (R10.4, manual §5.2.1): 培训课程管理 › 培训计划管理 lists the submitted plans that name
them — 培训编号, 课程名称, 课程类别, 确认状态, 是否终止 — filtered by 课程类别, 课程名称 and 确认状态, with 详情 and
确认 (确认结果 and 理由) while their answer is asked for."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from domain.records import teacher_confirmation
from domain.records.training import category_paths, lineage
from domain.services.training_plan.application import facts_in
from domain.services.training_plan.workflow import CONFIRMATION
from domain.shared.actors import Actor, Role
from domain.shared.errors import NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, CaseTeacher, CourseFiling, TrainingPlan

STATUSES = ('待确认', '同意', '不同意')  # 确认状态


@dataclass(frozen=True)
class PlanRow:
    case_id: int
    plan_no: str  # 培训编号
    course_name: str
    category_path: str
    category_lineage: tuple[int, ...]
    status: str  # 确认状态
    terminated: bool  # 是否终止
    can_confirm: bool


def my_plans(actor: Actor, category_id: int | None = None, course_name: str = '',
             status: str | None = None) -> list[PlanRow]:
    """培训计划管理: the submitted plans that name the teacher, newest first, narrowed as the page's filters do."""
    _require_person(actor)
    with unit_of_work() as session:
        found = session.exec(select(CaseTeacher, Case, TrainingPlan)
                             .join(Case, Case.id == CaseTeacher.case_id)  # type: ignore[arg-type]
                             .join(TrainingPlan, TrainingPlan.case_id == Case.id)  # type: ignore[arg-type]
                             .where(CaseTeacher.teacher_id == actor.user_id, col(Case.submitted_at).is_not(None))
                             .order_by(col(Case.submitted_at).desc(), col(Case.id).desc())).all()
        rows = [_row(session, link, case, plan) for link, case, plan in found]
    text = course_name.strip()
    return [r for r in rows if (category_id is None or category_id in r.category_lineage)
            and (not text or text in r.course_name) and (status in (None, '', '全部') or r.status == status)]


def detail(actor: Actor, case_id: int) -> tuple[PlanRow, dict[str, str], str]:
    """详情: the plan's row, its 申请信息 and the teacher's own 理由 (NotFound for a plan that does not name them)."""
    _require_person(actor)
    with unit_of_work() as session:
        link = teacher_confirmation.link_of(session, actor, case_id)
        case, plan = session.get(Case, case_id), session.get(TrainingPlan, case_id)
        if case is None or plan is None or case.submitted_at is None:
            raise NotFound('未找到该培训计划')
        return _row(session, link, case, plan), facts_in(session, case), link.opinion


def confirm(actor: Actor, case_id: int, result: str, reason: str) -> None:
    """确认 with 确认结果 and 理由 (needed with 不同意)."""
    row, _, _ = detail(actor, case_id)
    if row.terminated:
        raise NotAllowed('该培训计划已终止')
    teacher_confirmation.answer(actor, case_id, result, reason, stage=CONFIRMATION)


def _require_person(actor: Actor) -> None:
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('只有培训教师可以查看培训计划')


def _row(session: Session, link: CaseTeacher, case: Case, plan: TrainingPlan) -> PlanRow:
    course = session.get(CourseFiling, plan.filing_case_id) if plan.filing_case_id else None
    category = course.category_id if course else None
    status = teacher_confirmation.ANSWER_LABELS.get(link.answer or '', teacher_confirmation.PENDING)
    terminated = plan.terminated_at is not None
    return PlanRow(case.id, plan.plan_no, course.course_name if course else '',  # type: ignore[arg-type]
                   category_paths(session, [category]).get(category, '') if category else '', lineage(session, category),
                   status, terminated, case.stage == CONFIRMATION and link.answer is None and not terminated)
