"""The teachers' side of 课程备案 (R10.2, manual §5.1.2): 培训课程管理 › 课程备案管理 lists the filings that name them,
with 详情 and, while their answer is asked for, 确认 (确认结果 同意 / 不同意 and 确认意见). A teacher sees a filing from
its submission on, and nothing of filings that do not name them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from domain.records import teacher_confirmation
from domain.records.training import category_paths, lineage
from domain.services.course_filing.application import facts_in
from domain.services.course_filing.workflow import CONFIRMATION
from domain.shared.actors import Actor, Role
from domain.shared.errors import NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, CourseFiling, CaseTeacher, CourseUnbinding, Institution

RESULTS, OPINION_MAX = teacher_confirmation.RESULTS, teacher_confirmation.OPINION_MAX
# 状态 as 课程备案管理 shows it, in its filter's order
PENDING, AGREED, DISAGREED, CHANGING, FILED, NOT_FILED = ('待确认', '教师已同意', '教师不同意', '机构修改中',
                                                          '教师同意与课程备案', '未予备案')
UNBINDING, UNBOUND = '解除备案审核中', '已解除绑定'  # R10.3: asked (course_unbinding), then approved
STATUSES = (PENDING, AGREED, DISAGREED, CHANGING, FILED, UNBINDING, UNBOUND, NOT_FILED)


@dataclass(frozen=True)
class FilingRow:
    case_id: int
    case_no: str  # 业务流水号
    course_name: str
    category_path: str  # 课程类别
    category_lineage: tuple[int, ...]
    body_name: str  # 机构
    status: str  # 状态
    can_confirm: bool
    can_unbind: bool  # 解除备案: only filed courses the teacher still teaches, without a request open


@dataclass(frozen=True)
class FilingDetail:
    row: FilingRow
    facts: dict[str, str]
    my_answer: str  # 待确认 | 同意 | 不同意
    my_opinion: str


def my_filings(actor: Actor, category_id: int | None = None, status: str | None = None) -> list[FilingRow]:
    """课程备案管理: the submitted filings that name the teacher, newest first; category_id (of any level) and status
    narrow them as the page's filters do."""
    _require_person(actor)
    with unit_of_work() as session:
        found = session.exec(select(CaseTeacher, Case, CourseFiling)
                             .join(Case, Case.id == CaseTeacher.case_id)  # type: ignore[arg-type]
                             .join(CourseFiling, CourseFiling.case_id == Case.id)  # type: ignore[arg-type]
                             .where(CaseTeacher.teacher_id == actor.user_id,
                                    col(Case.submitted_at).is_not(None))
                             .order_by(col(Case.submitted_at).desc(), col(Case.id).desc())).all()
        asked = _asked_to_unbind(session, [link.id for link, _, _ in found])  # type: ignore[misc]
        rows = [_row(session, link, case, filing, link.id in asked) for link, case, filing in found]
    return [r for r in rows if (category_id is None or category_id in r.category_lineage)
            and (status in (None, '', '全部') or r.status == status)]


def detail(actor: Actor, case_id: int) -> FilingDetail:
    """详情 of a filing that names the teacher (NotFound otherwise)."""
    _require_person(actor)
    with unit_of_work() as session:
        link, case, filing = _linked(session, actor, case_id)
        answer = {'agree': '同意', 'disagree': '不同意'}.get(link.answer or '', '待确认')
        asked = link.id in _asked_to_unbind(session, [link.id])  # type: ignore[list-item]
        return FilingDetail(_row(session, link, case, filing, asked), facts_in(session, case), answer, link.opinion)


def confirm(actor: Actor, case_id: int, result: str, opinion: str) -> FilingDetail:
    """确认: the teacher's 确认结果 and 确认意见 (needed with 不同意). One 不同意 sends the filing back to the body with
    the opinion; the last 同意 sends it on to CCAA staff — in the same transaction as the answer."""
    _require_person(actor)
    detail(actor, case_id)  # NotFound for a filing that does not name the teacher, or is not submitted
    teacher_confirmation.answer(actor, case_id, result, opinion, stage=CONFIRMATION)
    return detail(actor, case_id)


# -- inside a transaction --------------------------------------------------------------------------

def _require_person(actor: Actor) -> None:
    if actor.role is not Role.INDIVIDUAL:
        raise NotAllowed('只有培训教师可以查看课程备案')


def _linked(session: Session, actor: Actor, case_id: int) -> tuple[CaseTeacher, Case, CourseFiling]:
    link = session.exec(select(CaseTeacher).where(CaseTeacher.case_id == case_id,
                                                          CaseTeacher.teacher_id == actor.user_id)).first()
    case = session.get(Case, case_id) if link is not None else None
    filing = session.get(CourseFiling, case_id) if case is not None else None
    if link is None or case is None or filing is None or case.submitted_at is None:
        raise NotFound('未找到该课程备案')
    return link, case, filing


def _asked_to_unbind(session: Session, link_ids: list[int]) -> set[int]:
    """Those of the links with a request to unbind still open."""
    if not link_ids:
        return set()
    keys = session.exec(select(CourseUnbinding.open_key).where(col(CourseUnbinding.open_key).in_(link_ids))).all()
    return {key for key in keys if key is not None}


def _status(link: CaseTeacher, case: Case, asked: bool) -> str:
    if link.unbound_at is not None:
        return UNBOUND
    if case.status == 'closed':
        return (UNBINDING if asked else FILED) if case.outcome == 'filed' else NOT_FILED
    if link.answer == 'disagree':
        return DISAGREED
    if link.answer == 'agree':
        return AGREED
    return PENDING if case.stage == CONFIRMATION else CHANGING


def _row(session: Session, link: CaseTeacher, case: Case, filing: CourseFiling, asked: bool) -> FilingRow:
    body = session.get(Institution, case.body_id) if case.body_id else None
    path = category_paths(session, [filing.category_id]).get(filing.category_id, '') if filing.category_id else ''
    status = _status(link, case, asked)
    return FilingRow(case.id, case.case_no, filing.course_name, path, lineage(session, filing.category_id),  # type: ignore[arg-type]
                     body.name if body else '', status, status == PENDING, status == FILED)
