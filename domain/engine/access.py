"""Who may see a case (R0.3): the rule every module that reads a case, a file or an experience row asks."""
from __future__ import annotations

from sqlmodel import Session, col, select

from domain.engine import registry
from domain.engine.workflow import (
    CLOSED,
    DRAFT,
    RECTIFICATION,
    CaseState,
    Party,
    Status,
    Workflow,
    can_view,
    is_party,
)
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent


def state_of(case: Case) -> CaseState:
    """The facts about a stored case that the workflow rules read."""
    return CaseState(stage=case.stage, status=Status(case.status), version=case.version,
                     applicant_id=case.applicant_id, body_id=case.body_id, expert_id=case.expert_id,
                     payer=case.payer, resume_stage=case.resume_stage, to_body_id=case.to_body_id, route=case.route)


MAX_ID = 2 ** 63 - 1  # the largest id either database stores; a larger number in an address names nothing


def load_for(session: Session, actor: Actor, case_id: int, lock: bool = False) -> Case:
    """The case if the actor may see it; otherwise NotFound, so that other users' numbers reveal nothing."""
    case = session.get(Case, case_id, with_for_update=lock) if 0 < case_id <= MAX_ID else None
    if case is None or not (_may_view(session, case, actor) or _granted_by_service(session, case, actor)):
        raise NotFound('未找到该业务')
    return case


def _may_view(session: Session, case: Case, actor: Actor) -> bool:
    """The workflow's rule (R0.3), less a party whose turn has not come yet (Stage.hidden_from)."""
    state = state_of(case)
    if not can_view(state, actor):
        return False
    if actor.user_id == case.applicant_id or not registry.has_workflow(case.service_code):
        return True
    workflow = registry.workflow_for(case.service_code)
    hidden = {party for stage in workflow.stages for party in stage.hidden_from}
    relations = [p for p in (Party.BODY, Party.TO_BODY, Party.EXPERT, Party.STAFF) if is_party(p, state, actor)]
    return any(p not in hidden or has_reached(session, workflow, case.id, p) for p in relations)


def has_reached(session: Session, workflow: Workflow, case_id: int, party: Party) -> bool:
    """Whether the case has been at a stage of the party's turn or after it (one that does not hide it)."""
    shown = [s.key for s in workflow.stages if s.key not in (DRAFT, RECTIFICATION, CLOSED) and party not in s.hidden_from]
    found = session.exec(select(CaseEvent.id).where(CaseEvent.case_id == case_id,
                                                    col(CaseEvent.to_stage).in_(shown)).limit(1)).first()
    return found is not None


def _granted_by_service(session: Session, case: Case, actor: Actor) -> bool:
    if case.status == Status.DRAFT.value or not registry.has_workflow(case.service_code):
        return False
    may_view = registry.get(case.service_code).may_view
    return may_view is not None and may_view(session, case, actor)


def require_view(actor: Actor, case_id: int) -> None:
    """NotFound unless the actor may view the case."""
    with unit_of_work() as session:
        load_for(session, actor, case_id)
