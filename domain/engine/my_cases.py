"""我的事项 (R4.2): the applicant's own cases, filtered, counted and paged in the database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, false, func, or_
from sqlmodel import Session, select

from domain.engine.cases import CaseView, view_of
from domain.engine.registry import services, workflows
from domain.engine.workflow import Status
from domain.shared import calendar, clock
from domain.shared.actors import Actor
from storage.db import unit_of_work
from storage.tables import Case

TABS = {'全部': None, '草稿箱': Status.DRAFT, '办理中': Status.IN_PROGRESS, '已完结': Status.CLOSED}


@dataclass(frozen=True)
class CaseQuery:
    tab: str = '全部'
    service_text: str = ''  # 请输入要查询的事项名称 (fuzzy)
    stage_text: str = ''  # 请输入要查询的业务环节 (fuzzy)
    page: int = 1
    per_page: int = 10
    newest_first: bool = True


@dataclass(frozen=True)
class Summary:
    total: int
    closed: int
    in_progress: int
    draft: int

    @property
    def text(self) -> str:
        return (f'共有 {self.total} 个事项; 有 {self.closed} 个事项已完结; 有 {self.in_progress} 个事项办理中; '
                f'草稿箱有 {self.draft} 个事项。')


@dataclass(frozen=True)
class CasePage:
    rows: list[CaseView]
    total: int


def _fuzzy(needle: str, haystack: str) -> bool:
    needle = ''.join(needle.split())
    return needle in haystack or all(ch in haystack for ch in needle)


def _conditions(actor: Actor, query: CaseQuery) -> list:  # type: ignore[type-arg]
    conditions = [Case.applicant_id == actor.user_id]
    status = TABS.get(query.tab)
    if status is not None:
        conditions.append(Case.status == status.value)
    if query.service_text.strip():
        codes = [s.code for s in services() if _fuzzy(query.service_text, s.name)]
        text = f'%{query.service_text.strip()}%'
        conditions.append(or_(Case.service_code.in_(codes), Case.summary.like(text)))  # type: ignore[attr-defined]
    if query.stage_text.strip():
        pairs = [(code, stage.key) for code, workflow in workflows().items() for stage in workflow.stages
                 if _fuzzy(query.stage_text, stage.label)]
        conditions.append(or_(false(), *(and_(Case.service_code == code, Case.stage == key) for code, key in pairs)))
    return conditions


def list_my_cases(actor: Actor, query: CaseQuery) -> CasePage:
    """One page of the actor's cases, newest (or oldest) first by 申请时间."""
    with unit_of_work() as session:
        return _page_of_cases(session, actor, query)


def cases_and_summary(actor: Actor, query: CaseQuery) -> tuple[CasePage, Summary]:
    """list_my_cases and summary in one read: what 我的事项 shows whenever it is opened or refreshed."""
    with unit_of_work() as session:
        return _page_of_cases(session, actor, query), _summary(session, actor)


def _page_of_cases(session: Session, actor: Actor, query: CaseQuery) -> CasePage:
    conditions = _conditions(actor, query)
    order = Case.created_at.desc() if query.newest_first else Case.created_at.asc()  # type: ignore[attr-defined]
    per_page = max(1, min(query.per_page, 100))
    total = session.exec(select(func.count()).select_from(Case).where(*conditions)).one()
    rows = session.exec(select(Case).where(*conditions).order_by(order, Case.id.desc())  # type: ignore[union-attr]
                        .offset((max(query.page, 1) - 1) * per_page).limit(per_page)).all()
    return CasePage([view_of(case) for case in rows], total)


def all_my_cases(actor: Actor, query: CaseQuery, limit: int = 10_000) -> list[CaseView]:
    """Every case the filters select (for export), up to a limit."""
    with unit_of_work() as session:
        rows = session.exec(select(Case).where(*_conditions(actor, query))
                            .order_by(Case.created_at.desc()).limit(limit)).all()  # type: ignore[attr-defined]
    return [view_of(case) for case in rows]


def summary(actor: Actor) -> Summary:
    with unit_of_work() as session:
        return _summary(session, actor)


def _summary(session: Session, actor: Actor) -> Summary:
    counts = dict(session.exec(select(Case.status, func.count()).where(Case.applicant_id == actor.user_id)
                               .group_by(Case.status)).all())
    return Summary(total=sum(counts.values()), closed=counts.get('closed', 0),
                   in_progress=counts.get('in_progress', 0), draft=counts.get('draft', 0))


def stage_countdown(case: CaseView, today: date | None = None) -> str:
    """剩余 N 个工作日 of the current stage's own time limit (环节剩余时间), beside the whole case's (剩余时间)."""
    if case.status is not Status.IN_PROGRESS or case.stage_due_on is None:
        return ''
    return calendar.countdown_text(case.stage_due_on, today or clock.today())


def countdown(case: CaseView, today: date | None = None) -> str:
    """剩余 N 个工作日 / 已超期 N 个工作日 for a pending case; '' otherwise (R14.2). A service without a 办结期限 of
    its own counts down to its current stage's due date."""
    due = case.due_on or case.stage_due_on
    if case.status is not Status.IN_PROGRESS or due is None:
        return ''
    return calendar.countdown_text(due, today or clock.today())
