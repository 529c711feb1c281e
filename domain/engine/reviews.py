"""Reviewing an application row by row (审核结果) and the expert's evaluation (R5.7, R12.1).

Whoever acts on the case at its current stage — the routed body at 机构初核, the assigned expert at 专家评价,
CCAA staff at 审批 — marks each experience row 符合 or 不符合 with a reason. The expert then submits an 评价结果
and 专家评价意见 in which every 不符合 row stands (the page appends them as they are marked).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import select

from domain.engine import cases, experiences, registry
from domain.engine.experiences import KINDS, RowView
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import Invalid, NotAllowed, NotFound
from storage.db import unit_of_work
from storage.tables import Case, Evaluation

VERDICTS = ('符合', '不符合')
OPINION_MAX = 4000  # 专家评价意见, 不符合 lines included
REVIEW_STAGES = {'body_review', 'expert_review', 'ccaa_review'}


def evaluation_results(service_code: str) -> list[str]:
    """The 评价结果 an expert chooses from for the service's cases (Service.evaluation_results)."""
    return list(registry.get(service_code).evaluation_results)


@dataclass(frozen=True)
class EvaluationView:
    expert_name: str
    result: str
    opinion: str
    round: int


def rows_of(actor: Actor, case_id: int) -> dict[str, list[RowView]]:
    """Every experience row of the application, by kind, for anyone who may view the case."""
    return {code: experiences.list_case_rows(actor, code, case_id) for code in KINDS}


def may_review(actor: Actor, case_id: int) -> bool:
    case = cases.get_case(actor, case_id)
    return case.stage in REVIEW_STAGES and bool(cases.actions_for(actor, case_id))


def set_verdict(actor: Actor, case_id: int, kind: str, row_id: int, verdict: str | None, reason: str = '') -> RowView:
    """Mark one row; only the party acting at the current review stage may."""
    if verdict not in (*VERDICTS, None):
        raise Invalid('verdict', '请选择审核结果')
    if verdict == '不符合' and not reason.strip():
        raise Invalid('reason', '请填写不符合的原因')
    if not may_review(actor, case_id):
        raise NotAllowed('当前环节不能审核该业务')
    spec = experiences.kind_of(kind)
    with unit_of_work(write=True) as session:
        table: Any = spec.table
        row = session.get(table, row_id)
        if row is None or row.case_id != case_id:
            raise NotFound('未找到该记录')
        row.verdict = verdict
        row.verdict_reason = reason.strip() if verdict == '不符合' else ''
        session.add(row)
    return next(r for r in experiences.list_case_rows(actor, kind, case_id) if r.id == row_id)


def nonconformity_line(kind: str, row: RowView, reason: str) -> str:
    """How a 不符合 row reads in the 专家评价意见: which row, and why."""
    spec = experiences.kind_of(kind)
    return f'【{spec.title}】{spec.caption(row.texts)}：不符合，{reason.strip()}'


def with_nonconformities(actor: Actor, case_id: int, opinion: str) -> str:
    """The 专家评价意见 with a line for every row marked 不符合 that it does not say yet (manual §3.1.5): built here,
    not by the page, so that a reload or a page that never appended them cannot leave them out."""
    lines = [nonconformity_line(kind, row, row.verdict_reason) for kind, rows in rows_of(actor, case_id).items()
             for row in rows if row.verdict == '不符合']
    missing = [line for line in lines if line not in opinion]
    return '\n'.join([opinion, *missing]) if missing else opinion


def submit_evaluation(actor: Actor, case_id: int, expected_version: int, result: str, opinion: str) -> cases.CaseView:
    """提交 the expert's 评价结果 and 专家评价意见; the case goes back to CCAA (or to the applicant for 退回整改)."""
    results = registry.get(cases.get_case(actor, case_id).service_code).evaluation_results
    if result not in results:
        raise Invalid('result', '请选择评价结果')
    if not opinion.strip():
        raise Invalid('opinion', '请填写专家评价意见')
    if len(opinion.strip()) > OPINION_MAX:
        raise Invalid('opinion', f'专家评价意见不能超过{OPINION_MAX}字')
    opinion = with_nonconformities(actor, case_id, opinion.strip())
    if len(opinion) > OPINION_MAX:
        raise Invalid('opinion', f'专家评价意见不能超过{OPINION_MAX}字')
    with unit_of_work(write=True) as session:  # the evaluation and the transition are kept together or not at all
        moved = cases.act_in(session, actor, case_id, results[result], expected_version=expected_version,
                             opinion=f'评价结果：{result}。{opinion}')
        case = session.get(Case, case_id)
        session.add(Evaluation(case_id=case_id, expert_id=actor.user_id, round=case.round if case else 1,
                               result=result, opinion=opinion, submitted_at=clock.now()))
        return moved


def evaluations(actor: Actor, case_id: int) -> list[EvaluationView]:
    cases.get_case(actor, case_id)  # NotFound unless the actor may view the case
    from storage.tables import User
    with unit_of_work() as session:
        rows = session.exec(select(Evaluation, User.name).join(User, User.id == Evaluation.expert_id)  # type: ignore[arg-type]
                            .where(Evaluation.case_id == case_id).order_by(Evaluation.id)).all()
    return [EvaluationView(name, e.result, e.opinion, e.round) for e, name in rows]
