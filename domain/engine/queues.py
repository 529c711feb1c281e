"""Work queues of the counterparts (R12): the institution's cases at its stages, CCAA staff's per stage, and the
cases assigned to an expert. Each row says how many working days are left (R14.2)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_
from sqlmodel import select

from domain.engine.access import has_reached, state_of
from domain.engine.cases import CaseView, view_of
from domain.engine.registry import workflow_for, workflows
from domain.engine.workflow import Party, Status, available_actions
from domain.shared import calendar, clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import NotAllowed
from storage.db import unit_of_work
from storage.tables import Case, Institution, User

MAX_QUEUE = 1000  # a queue longer than this is shown in part; the oldest come first


@dataclass(frozen=True)
class QueueRow:
    case: CaseView
    applicant_name: str
    countdown: str
    overdue: bool


def _stages_of(party: Party) -> set[str]:
    """Stages where some action may be taken by this party, across all declared workflows."""
    return {stage.key for workflow in workflows().values() for stage in workflow.stages
            if any((action.party or stage.party) is party for action in stage.actions)}


def _rows(actor: Actor, conditions: list, party_stages: set[str]) -> list[QueueRow]:  # type: ignore[type-arg]
    today = clock.today()
    with unit_of_work() as session:
        found = session.exec(
            select(Case, User.name).join(User, User.id == Case.applicant_id)  # type: ignore[arg-type]
            .where(Case.status == Status.IN_PROGRESS.value, Case.stage.in_(party_stages), *conditions)  # type: ignore[attr-defined]
            .order_by(Case.stage_due_on, Case.submitted_at).limit(MAX_QUEUE)).all()  # type: ignore[arg-type]
    rows = []
    for case, applicant_name in found:
        if not available_actions(workflow_for(case.service_code), state_of(case), actor):
            continue  # e.g. a 待缴费 case the applicant, not the body, pays
        due = case.stage_due_on
        rows.append(QueueRow(view_of(case), applicant_name, calendar.countdown_text(due, today) if due else '',
                             bool(due and due < today)))
    return rows


def _routed_to(institution_id: int):  # type: ignore[no-untyped-def]
    """Cases routed to this body, as the body of the case or as its second body (a transfer's 转入机构)."""
    return or_(Case.body_id == institution_id, Case.to_body_id == institution_id)


def institution_kind(actor: Actor) -> str | None:
    """'certification' or 'training' for an institution's account; None for anyone else."""
    if actor.role is not Role.INSTITUTION_STAFF or actor.institution_id is None:
        return None
    with unit_of_work() as session:
        body = session.get(Institution, actor.institution_id)
        return body.kind if body is not None else None


def require_desk(actor: Actor, desk: str) -> None:
    """NotAllowed unless the actor works at the desk whose pages they open: 'institution' (机构工作台), 'staff'
    (协会工作台) or 'expert' (专家评价)."""
    allowed = {'institution': actor.role is Role.INSTITUTION_STAFF and actor.institution_id is not None,
               'staff': actor.role is Role.CCAA_STAFF, 'expert': actor.is_expert}
    if not allowed[desk]:
        raise NotAllowed('您没有专家权限' if desk == 'expert' else '您没有访问该工作台的权限')


def institution_queue(actor: Actor) -> list[QueueRow]:
    """Cases routed to the actor's body that wait for it (机构初核, 机构缴费确认, a transfer's 转出/转入机构审核)."""
    require_desk(actor, 'institution')
    return _rows(actor, [_routed_to(actor.institution_id)], _stages_of(Party.BODY) | _stages_of(Party.TO_BODY))


def staff_queue(actor: Actor) -> list[QueueRow]:
    """Cases waiting for CCAA staff, all stages."""
    require_desk(actor, 'staff')
    return _rows(actor, [], _stages_of(Party.STAFF))


def expert_queue(actor: Actor, text: str = '', service_codes: tuple[str, ...] = ()) -> list[QueueRow]:
    """Cases assigned to the actor for 专家评价, of these services (all without); `text` searches the case number,
    applicant and summary."""
    require_desk(actor, 'expert')
    conditions = [Case.expert_id == actor.user_id]
    if service_codes:
        conditions.append(Case.service_code.in_(service_codes))  # type: ignore[attr-defined]
    if text.strip():
        like = f'%{text.strip()}%'
        conditions.append(Case.case_no.like(like) | User.name.like(like) | Case.summary.like(like))  # type: ignore[attr-defined]
    return _rows(actor, conditions, _stages_of(Party.EXPERT))


def stage_counts(rows: list[QueueRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.case.stage_label] = counts.get(row.case.stage_label, 0) + 1
    return counts


def handled_by_institution(actor: Actor, limit: int = 200) -> list[CaseView]:
    """Every submitted case routed to the actor's body, newest first (its 全部 list)."""
    if actor.role is not Role.INSTITUTION_STAFF or actor.institution_id is None:
        raise NotAllowed()
    with unit_of_work() as session:
        rows = session.exec(select(Case).where(_routed_to(actor.institution_id),
                                               Case.status != Status.DRAFT.value)
                            .order_by(Case.submitted_at.desc()).limit(limit)).all()  # type: ignore[union-attr]
        return [view_of(case) for case in rows if case.body_id == actor.institution_id
                or has_reached(session, workflow_for(case.service_code), case.id, Party.TO_BODY)]  # type: ignore[arg-type]
