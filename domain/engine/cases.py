"""Cases (业务): create, act on and read them. Every action runs through the declared workflow.

One call is one transaction: the stage change, its timeline event and the messages to whoever acts next
are written together or not at all.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import update
from sqlmodel import Session, select

from domain.engine import case_attachments, messages, registry, snapshots
from domain.engine.access import MAX_ID
from domain.engine.access import load_for as _load_for
from domain.engine.access import state_of
from domain.engine.registry import has_workflow, workflow_for
from domain.engine.workflow import (
    CLOSED,
    DRAFT,
    RECTIFICATION,
    STATUS_LABELS,
    CaseState,
    Party,
    Status,
    Transition,
    available_actions,
    decide,
)
from domain.shared import calendar, clock
from domain.shared.actors import Actor, Role
from domain.shared.errors import Conflict, Invalid, NotAllowed, NotFound
from storage.case_numbers import next_case_no
from storage.db import unit_of_work
from storage.tables import Case, CaseEvent, Institution, User

ApplicationRow = TypeVar('ApplicationRow')

OUTCOME_LABELS = {'approved': '已批准', 'refused': '不予通过', 'withdrawn': '已撤回', 'not_accepted': '不予受理',
                  'concluded': '已处理', 'kept': '维持原成绩', 'corrected': '已更正成绩', 'bound': '已绑定', 'filed': '已备案',
                  'unbound': '已解除绑定', 'terminated': '已终止'}


@dataclass(frozen=True)
class CaseView:
    """A case as pages see it."""

    id: int
    case_no: str
    service_code: str
    service_name: str
    summary: str
    stage: str
    stage_label: str
    status: Status
    version: int
    applicant_id: int
    body_id: int | None
    expert_id: int | None
    payer: str | None
    outcome: str | None
    created_at: datetime
    submitted_at: datetime | None
    due_on: date | None
    stage_due_on: date | None
    to_body_id: int | None = None  # the second body the case is routed to (a transfer's 转入机构)

    @property
    def title(self) -> str:
        """事项名称 as 我的事项 shows it: '人员注册申请 (体系认证审核员: QMS)'."""
        return f'{self.service_name} ({self.summary})' if self.summary else self.service_name

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def editable(self) -> bool:
        """编辑 is offered for drafts and for cases returned for rectification."""
        return self.stage in (DRAFT, RECTIFICATION)


# The applicant reads who decided and CCAA's 处理意见, not which expert evaluated or what the experts wrote to CCAA
# (#12 item 14): the events of an expert stage, and the assigning of experts, reach them without names or opinions.
EXPERT_SHOWN_AS = '评审专家'


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor_name: str
    action_label: str
    from_label: str
    to_label: str
    opinion: str
    round: int


def view_of(case: Case) -> CaseView:
    service = registry.get(case.service_code)
    label = service.workflow.label(case.stage) if service.workflow is not None else case.stage
    return CaseView(
        id=case.id, case_no=case.case_no, service_code=case.service_code, service_name=service.name,  # type: ignore[arg-type]
        summary=case.summary, stage=case.stage, stage_label=label, status=Status(case.status),
        version=case.version, applicant_id=case.applicant_id, body_id=case.body_id, expert_id=case.expert_id,
        payer=case.payer, outcome=case.outcome, created_at=case.created_at, submitted_at=case.submitted_at,
        due_on=case.due_on, stage_due_on=case.stage_due_on, to_body_id=case.to_body_id,
    )


def create_draft(actor: Actor, service_code: str, *, summary: str = '', body_id: int | None = None,
                 payer: str | None = None) -> CaseView:
    """Start an application: it gets its 业务号 at once and waits in 草稿箱."""
    if payer not in (None, 'person', 'institution'):
        raise Invalid('payer', '请选择付款方式')
    with unit_of_work(write=True) as session:
        return view_of(create_draft_in(session, actor, service_code, summary=summary, body_id=body_id, payer=payer))


def create_draft_in(session: Session, actor: Actor, service_code: str, *, summary: str = '',
                    body_id: int | None = None, payer: str | None = None) -> Case:
    """`create_draft` inside the caller's transaction, for services that write their application along with it."""
    service = registry.find(service_code)
    if actor.role is not Role.INDIVIDUAL and not (actor.role is Role.INSTITUTION_STAFF
                                                  and service is not None and service.filed_by_institutions):
        raise NotAllowed('机构账号只能办理机构事项')
    if not has_workflow(service_code):
        raise NotFound('该事项暂不支持在线办理')
    if body_id is not None and session.get(Institution, body_id) is None:
        raise Invalid('body_id', '请选择执业机构')
    case = Case(case_no=next_case_no(session, clock.china_now()), service_code=service_code,
                summary=summary, applicant_id=actor.user_id, body_id=body_id, payer=payer,
                stage=DRAFT, status=Status.DRAFT.value, created_at=clock.now())
    session.add(case)
    session.flush()
    return case


def update_draft(actor: Actor, case_id: int, expected_version: int, *, summary: str | None = None,
                 body_id: int | None = None, payer: str | None = None) -> CaseView:
    """Change the routing facts of a case the applicant may still edit."""
    with unit_of_work(write=True) as session:
        case = _load_for(session, actor, case_id)
        if case.applicant_id != actor.user_id or case.stage not in (DRAFT, RECTIFICATION):
            raise NotAllowed('只有草稿或退回整改的业务可以编辑')
        values: dict[str, object] = {}
        if summary is not None:
            values['summary'] = summary
        if body_id is not None:
            values['body_id'] = body_id
        if payer is not None:
            values['payer'] = payer
        _write(session, case, expected_version, values)
        return view_of(case)


def act(actor: Actor, case_id: int, action_key: str, *, expected_version: int, opinion: str = '',
        expert_id: int | None = None) -> CaseView:
    """Take one declared action on a case (提交, 通过, 退回整改, 分配专家, …).

    Actions that go with a record of their own (缴费, 专家评价) are refused here: their services take them.
    """
    with unit_of_work(write=True) as session:
        return _act(session, actor, case_id, action_key, expected_version=expected_version, opinion=opinion,
                    expert_id=expert_id, by_service=False)


def act_in(session: Session, actor: Actor, case_id: int, action_key: str, *, expected_version: int | None = None,
           opinion: str = '', expert_id: int | None = None) -> CaseView:
    """`act` inside the caller's transaction, for services that write more along with the transition.

    Without expected_version the case's current version is taken: for callers with no screen that could be stale
    (a payment gateway's notification). Concurrent writers are still caught when the version is written.
    """
    return _act(session, actor, case_id, action_key, expected_version=expected_version, opinion=opinion,
                expert_id=expert_id, by_service=True)


def _act(session: Session, actor: Actor, case_id: int, action_key: str, *, expected_version: int | None,
         opinion: str, expert_id: int | None, by_service: bool) -> CaseView:
    case = _load_for(session, actor, case_id) if not (by_service and _is_service_action(session, case_id, action_key)) \
        else session.get(Case, case_id)
    assert case is not None
    version = case.version if expected_version is None else expected_version
    workflow = workflow_for(case.service_code)
    transition = decide(workflow, state_of(case), actor, action_key, expected_version=version,
                        opinion=opinion, expert_id=expert_id)
    if transition.action.by_service and not by_service:
        raise NotAllowed(f'{transition.action.label}须在相应页面办理')
    if transition.action.assigns_expert:
        expert = session.get(User, expert_id)
        if expert is None or not expert.is_expert:
            raise Invalid('expert_id', '所选用户没有专家权限')
    values = _values_for(case, transition)
    _write(session, case, version, values)
    session.add(CaseEvent(case_id=case.id, at=clock.now(), actor_id=actor.user_id or None,  # type: ignore[arg-type]
                          actor_name=actor.display_name, actor_role=actor.role.value, action=action_key,
                          from_stage=transition.from_stage, to_stage=transition.to_stage,
                          opinion=opinion.strip(), round=values.get('round', case.round)))  # type: ignore[arg-type]
    if transition.to_stage == RECTIFICATION:
        snapshots.take(session, case)
    if transition.action.effect is not None:
        transition.action.effect(session, case, actor)
    _notify(session, case, transition, opinion.strip())
    return view_of(case)


def _is_service_action(session: Session, case_id: int, action_key: str) -> bool:
    """Whether the case's stage offers this action to its service alone (Party.SERVICE): the service that takes it
    has checked the actor (a teacher linked to a course filing), who need not be one who may view the case."""
    case = session.get(Case, case_id) if 0 < case_id <= MAX_ID else None
    if case is None or not has_workflow(case.service_code):
        return False
    stage = workflow_for(case.service_code).stage(case.stage)
    return any(a.key == action_key and a.party is Party.SERVICE for a in stage.actions)


def check_act_in(session: Session, actor: Actor, case_id: int, action_key: str, *,
                 expected_version: int | None = None) -> Case:
    """Whether the actor may take the action now, without taking it: the case, or NotFound / NotAllowed / Conflict.

    The case row stays locked until the caller's transaction ends, so that what the caller writes on the strength
    of this check cannot interleave with another request acting on the same case.
    """
    case = _load_for(session, actor, case_id, lock=True)
    decide(workflow_for(case.service_code), state_of(case), actor, action_key,
           expected_version=case.version if expected_version is None else expected_version)
    return case


def get_case(actor: Actor, case_id: int) -> CaseView:
    with unit_of_work() as session:
        return view_of(_load_for(session, actor, case_id))


def timeline(actor: Actor, case_id: int) -> list[EventView]:
    """Every accepted action on the case, oldest first (R13.4, R14.3)."""
    with unit_of_work() as session:
        case = _load_for(session, actor, case_id)
        workflow = workflow_for(case.service_code)
        events = session.exec(select(CaseEvent).where(CaseEvent.case_id == case_id)
                              .order_by(CaseEvent.at, CaseEvent.id)).all()  # type: ignore[arg-type]
    # by stage too: the same key may read differently in another stage (确认缴费 / 确认线下缴费)
    labels = {(stage.key, action.key): action.label for stage in workflow.stages for action in stage.actions}
    shown = [EventView(e.at, e.actor_name, labels.get((e.from_stage, e.action), e.action), workflow.label(e.from_stage),
                       workflow.label(e.to_stage), e.opinion, e.round) for e in events]
    if actor.user_id != case.applicant_id or actor.role is Role.CCAA_STAFF:
        return shown
    internal = {(stage.key, action.key) for stage in workflow.stages for action in stage.actions
                if stage.party is Party.EXPERT or action.assigns_expert or action.key == 'assign_experts'}
    return [replace(view, actor_name=EXPERT_SHOWN_AS if e.from_stage and workflow.has_stage(e.from_stage)
                    and workflow.stage(e.from_stage).party is Party.EXPERT else view.actor_name, opinion='')
            if (e.from_stage, e.action) in internal else view for e, view in zip(events, shown)]


@dataclass(frozen=True)
class ActionOption:
    """An action a page may offer as a button."""

    key: str
    label: str
    opinion_required: bool
    assigns_expert: bool
    by_service: bool = False  # offered by its own screen (缴费, 专家评价), not as a plain button


@dataclass(frozen=True)
class CaseParties:
    applicant_name: str
    body_name: str
    expert_name: str
    to_body_name: str = ''


def actions_for(actor: Actor, case_id: int) -> list[ActionOption]:
    """What the actor may do on the case now."""
    with unit_of_work() as session:
        case = _load_for(session, actor, case_id)
        return [ActionOption(a.key, a.label, a.opinion_required, a.assigns_expert, a.by_service)
                for a in available_actions(workflow_for(case.service_code), state_of(case), actor)]


def parties(actor: Actor, case_id: int) -> CaseParties:
    """Who the case is about: shown to those who may see the case."""
    with unit_of_work() as session:
        case = _load_for(session, actor, case_id)
        applicant = session.get(User, case.applicant_id)
        body = session.get(Institution, case.body_id) if case.body_id else None
        expert = session.get(User, case.expert_id) if case.expert_id else None
        to_body = session.get(Institution, case.to_body_id) if case.to_body_id else None
        return CaseParties(applicant.name if applicant else '', body.name if body else '',
                           expert.name if expert else '', to_body.name if to_body else '')


def experts(actor: Actor) -> list[tuple[int, str]]:
    """(user id, name) of everyone with expert permission, for 分配专家; CCAA staff only."""
    if actor.role is not Role.CCAA_STAFF:
        raise NotAllowed()
    with unit_of_work() as session:
        rows = session.exec(select(User.id, User.name).where(User.is_expert == True)  # noqa: E712
                            .order_by(User.name)).all()
    return [(user_id, name) for user_id, name in rows]  # type: ignore[misc]


# -- inside a transaction --------------------------------------------------------------------------

def application_in(session: Session, actor: Actor, case_id: int, table: type[ApplicationRow],
                   service_code: str | tuple[str, ...], *, for_edit: bool = False) -> tuple[Case, ApplicationRow]:
    """A case with its service's application row (keyed by the case id), for its applicant or anyone who may see the
    case; for_edit, only for the applicant and only while it is a draft or returned. A table that serves several
    services takes the tuple of their codes."""
    if not 0 < case_id <= MAX_ID:
        raise NotFound('未找到该业务')
    case = session.get(Case, case_id)
    row = session.get(table, case_id)
    codes = service_code if isinstance(service_code, tuple) else (service_code,)
    if case is None or row is None or case.service_code not in codes:
        raise NotFound('未找到该业务')
    if case.applicant_id != actor.user_id:
        _load_for(session, actor, case_id)
    if for_edit and (case.applicant_id != actor.user_id or case.stage not in (DRAFT, RECTIFICATION)):
        raise NotAllowed('只有草稿或退回整改的业务可以编辑')
    return case, row


def submit_in(session: Session, actor: Actor, case: Case, row: Any, expected_version: int | None) -> CaseView:
    """提交, or 重新提交 after 退回整改, of an application whose checks have passed: the transition, and its wizard
    marked done (row.wizard_step)."""
    action = 'submit' if case.stage == DRAFT else 'resubmit'
    submitted = act_in(session, actor, case.id, action,  # type: ignore[arg-type]
                       expected_version=case.version if expected_version is None else expected_version)
    row.wizard_step = 'done'
    session.add(row)
    return submitted


def _values_for(case: Case, transition: Transition) -> dict[str, object]:
    today = clock.today()
    workflow = workflow_for(case.service_code)
    target = workflow.stage(transition.to_stage)
    values: dict[str, object] = {
        'stage': transition.to_stage,
        'status': transition.status.value,
        'resume_stage': transition.resume_stage,
        'expert_id': transition.expert_id,
        'stage_due_on': calendar.add_working_days(today, target.deadline_days) if target.deadline_days else None,
    }
    if transition.from_stage == DRAFT:
        deadline = registry.get(case.service_code).deadline_days
        values['submitted_at'] = clock.now()
        values['due_on'] = calendar.add_working_days(today, deadline) if deadline else None
    if transition.from_stage == RECTIFICATION:
        values['round'] = case.round + 1
    if transition.to_stage == CLOSED:
        values['closed_at'] = clock.now()
        values['outcome'] = transition.outcome
    return values


def _write(session: Session, case: Case, expected_version: int, values: dict[str, object]) -> None:
    """Write only if nobody changed the case since the caller read it (optimistic lock). The row as written comes
    back with the UPDATE (RETURNING) into the case object: no second read."""
    written = session.exec(  # type: ignore[call-overload]
        update(Case).where(Case.id == case.id, Case.version == expected_version)  # type: ignore[arg-type]
        .values(**values, version=Case.version + 1).returning(Case)
        .execution_options(populate_existing=True, synchronize_session=False)
    ).first()
    if written is None:
        raise Conflict()


def _recipients(session: Session, party: Party, case: Case) -> list[int]:
    if party is Party.APPLICANT:
        return [case.applicant_id]
    if party is Party.EXPERT:
        return [case.expert_id] if case.expert_id else []
    if party is Party.BODY or party is Party.TO_BODY:
        body_id = case.body_id if party is Party.BODY else case.to_body_id
        if body_id is None:
            return []
        return list(session.exec(select(User.id).where(User.institution_id == body_id,
                                                        User.role == Role.INSTITUTION_STAFF.value)).all())  # type: ignore[arg-type]
    return list(session.exec(select(User.id).where(User.role == Role.CCAA_STAFF.value)).all())  # type: ignore[arg-type]


def _link(party: Party, case: Case) -> str:
    return {
        Party.APPLICANT: f'/my/cases/{case.id}',
        Party.BODY: f'/institution/cases/{case.id}',
        Party.TO_BODY: f'/institution/cases/{case.id}',
        Party.EXPERT: f'/expert/cases/{case.id}',
        Party.STAFF: f'/staff/cases/{case.id}',
    }[party]


def _notify(session: Session, case: Case, transition: Transition, opinion: str) -> None:
    service = registry.get(case.service_code).name
    workflow = workflow_for(case.service_code)
    target = workflow.stage(transition.to_stage)
    if target.key == RECTIFICATION:
        messages.send(session, [case.applicant_id], kind=messages.MESSAGE, case_id=case.id,
                      title=f'您的业务【{case.case_no}】{service}被退回整改',
                      body=f'退回环节：{workflow.label(transition.from_stage)}。意见：{opinion}',
                      link=_link(Party.APPLICANT, case))
        return
    if target.key == CLOSED:
        result = OUTCOME_LABELS.get(transition.outcome or '', '已办结')
        messages.send(session, [case.applicant_id], kind=messages.NOTICE, case_id=case.id,
                      title=f'您的业务【{case.case_no}】{service}已办结：{result}', body=opinion,
                      link=_link(Party.APPLICANT, case))
        return
    party = _party_of_stage(target, state_of(case))
    if target.notice:
        messages.send(session, _recipients(session, party, case), kind=messages.MESSAGE, case_id=case.id,
                      title=target.notice.format(case_no=case.case_no, service=service), link=_link(party, case))


def _party_of_stage(stage, state: CaseState) -> Party:  # type: ignore[no-untyped-def]
    """Who is told about a stage: the party of the first action open to this case (payment may be the body's)."""
    actions = [a for a in stage.actions if a.when is None or a.when(state)]
    return (actions[0].party or stage.party) if actions else stage.party


def application_files(actor: Actor, case_id: int) -> tuple[case_attachments.Attachment, ...]:
    """The files attached to the case's application, in the order they were added (its service's Slot)."""
    with unit_of_work() as session:
        case = _load_for(session, actor, case_id)
        slot = registry.get(case.service_code).attachments
        return case_attachments.listed(session, slot, case_id) if slot is not None else ()


def application_facts(actor: Actor, case_id: int) -> dict[str, str]:
    """The case's 申请信息 as its service declares it (label -> text); empty for a service that declares none.
    NotFound unless the actor may view the case."""
    with unit_of_work() as session:
        case = _load_for(session, actor, case_id)
        facts = registry.get(case.service_code).facts_in
        return facts(session, case) if facts is not None else {}
