"""Who may see a case (R0.3): the rule every module that reads a case, a file or an experience row asks."""
from __future__ import annotations

from sqlmodel import Session

from domain.engine import registry
from domain.engine.workflow import CaseState, Status, can_view
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from storage.db import unit_of_work
from storage.tables import Case


def state_of(case: Case) -> CaseState:
    """The facts about a stored case that the workflow rules read."""
    return CaseState(stage=case.stage, status=Status(case.status), version=case.version,
                     applicant_id=case.applicant_id, body_id=case.body_id, expert_id=case.expert_id,
                     payer=case.payer, resume_stage=case.resume_stage, to_body_id=case.to_body_id, route=case.route)


MAX_ID = 2 ** 63 - 1  # the largest id either database stores; a larger number in an address names nothing


def load_for(session: Session, actor: Actor, case_id: int, lock: bool = False) -> Case:
    """The case if the actor may see it; otherwise NotFound, so that other users' numbers reveal nothing."""
    case = session.get(Case, case_id, with_for_update=lock) if 0 < case_id <= MAX_ID else None
    if case is None or not (can_view(state_of(case), actor) or _granted_by_service(session, case, actor)):
        raise NotFound('未找到该业务')
    return case


def _granted_by_service(session: Session, case: Case, actor: Actor) -> bool:
    if case.status == Status.DRAFT.value or not registry.has_workflow(case.service_code):
        return False
    may_view = registry.get(case.service_code).may_view
    return may_view is not None and may_view(session, case, actor)


def require_view(actor: Actor, case_id: int) -> None:
    """NotFound unless the actor may view the case."""
    with unit_of_work() as session:
        load_for(session, actor, case_id)
