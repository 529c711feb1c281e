"""Workflows as declarations, and the pure rules that run them.

A workflow lists its stages; each stage names the party that acts there and the actions it offers, each
action the stage it leads to. `decide` checks an actor's request against the declaration and answers with
the transition to write, or raises. It touches no database: `domain.cases` applies what it decides.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.shared.actors import Actor, Role
from domain.shared.errors import Conflict, Invalid, NotAllowed

DRAFT = 'draft'
RECTIFICATION = 'rectification'
CLOSED = 'closed'
RESUME = '__resume__'  # target of a resubmission: the stage that returned the case


class Status(StrEnum):
    DRAFT = 'draft'
    IN_PROGRESS = 'in_progress'
    CLOSED = 'closed'


STATUS_LABELS = {Status.DRAFT: '草稿箱', Status.IN_PROGRESS: '办理中', Status.CLOSED: '已完结'}


class Party(StrEnum):
    """Who acts at a stage, relative to the case."""

    APPLICANT = 'applicant'
    BODY = 'body'  # staff of the institution the case is routed to
    TO_BODY = 'to_body'  # staff of the second institution a case may be routed to (a transfer's 转入机构)
    EXPERT = 'expert'  # the expert assigned to the case
    STAFF = 'staff'  # CCAA staff
    # nobody's button: taken only by the service that declares it, when what it waits for has happened (every
    # teacher linked to a course filing has agreed); that service checks who may bring it about
    SERVICE = 'service'


@dataclass(frozen=True)
class CaseState:
    """The facts about a case that the rules need."""

    stage: str
    status: Status
    version: int
    applicant_id: int
    body_id: int | None = None
    expert_id: int | None = None
    payer: str | None = None
    resume_stage: str | None = None
    to_body_id: int | None = None
    route: str | None = None  # the path the application chose, where a service has several (Case.route)


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    to: str
    party: Party | None = None  # who may take it, when not the stage's party
    when: Callable[[CaseState], bool] | None = None  # the action exists only for cases where this holds
    opinion_required: bool = False
    outcome: str | None = None  # set when the action closes the case
    assigns_expert: bool = False
    # taken only through the domain service that writes what goes with it (a payment, an evaluation), never alone
    by_service: bool = False
    # what else is written, in the same transaction, when the action is accepted: effect(session, case, actor)
    effect: Callable[[Any, Any, Actor], object] | None = None


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    party: Party
    actions: tuple[Action, ...] = ()
    deadline_days: int | None = None  # working days for this stage
    notice: str | None = None  # message to the acting party on entry; {case_no} and {service} are filled in
    # parties whose turn has not come while the case is here: they may see it only once it has been at a stage that
    # does not hide it from them (a transfer's 转入机构 before the 转出机构 has released it)
    hidden_from: tuple[Party, ...] = ()
    opinion_label: str = '办理意见'  # what the opinion field is called here (the manual's 处理意见 at CCAA处理意见)

    @property
    def status(self) -> Status:
        if self.key == DRAFT:
            return Status.DRAFT
        if self.key == CLOSED:
            return Status.CLOSED
        return Status.IN_PROGRESS


@dataclass(frozen=True)
class Workflow:
    service_code: str
    stages: tuple[Stage, ...]
    _index: dict[str, Stage] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, '_index', {stage.key: stage for stage in self.stages})
        for required in (DRAFT, RECTIFICATION, CLOSED):
            if required not in self._index:
                raise ValueError(f'{self.service_code}: stage {required!r} missing')
        for stage in self.stages:
            for action in stage.actions:
                if action.to not in self._index and action.to != RESUME:
                    raise ValueError(f'{self.service_code}: {stage.key}.{action.key} leads to undeclared {action.to!r}')
                if action.party is Party.SERVICE and not action.by_service:
                    raise ValueError(f'{self.service_code}: {stage.key}.{action.key} is the service\'s: by_service')

    def stage(self, key: str) -> Stage:
        return self._index[key]

    def has_stage(self, key: str) -> bool:
        return key in self._index

    def label(self, key: str) -> str:
        return self._index[key].label if key in self._index else key


@dataclass(frozen=True)
class Transition:
    """What `decide` allows: the values to write."""

    action: Action
    from_stage: str
    to_stage: str
    status: Status
    resume_stage: str | None
    outcome: str | None
    expert_id: int | None


# -- the building blocks every workflow shares ---------------------------------------------------

# 提交 and 重新提交 are taken only through the service's own submission (cases.submit_in), after its checks: never as
# a plain action, whatever page offers buttons
def draft_stage(first: str) -> Stage:
    return Stage(DRAFT, '草稿箱', Party.APPLICANT, (Action('submit', '提交', first, by_service=True),))


def rectification_stage() -> Stage:
    return Stage(RECTIFICATION, '退回整改', Party.APPLICANT, (Action('resubmit', '重新提交', RESUME, by_service=True),))


# the longest 办理意见 an action keeps (the page's counter says so too); the services that add to it on the server
# (an expert's findings) check their own parts
OPINION_MAX = 8000

CLOSED_STAGE = Stage(CLOSED, '已结束', Party.STAFF)  # 业务环节 已结束, 办理状态 已完结 (the manual's 我的事项)


def return_action() -> Action:
    """退回整改; the engine keeps the application as it stood (domain.engine.snapshots) whenever a case enters it."""
    return Action('return', '退回整改', RECTIFICATION, opinion_required=True)


# -- the rules -------------------------------------------------------------------------------------

def is_party(party: Party, state: CaseState, actor: Actor) -> bool:
    """Whether the actor stands in this relation to the case."""
    if party is Party.APPLICANT:
        return actor.user_id == state.applicant_id
    if party is Party.BODY or party is Party.TO_BODY:
        body_id = state.body_id if party is Party.BODY else state.to_body_id
        return actor.role is Role.INSTITUTION_STAFF and body_id is not None and actor.institution_id == body_id
    if party is Party.EXPERT:
        return actor.is_expert and state.expert_id is not None and actor.user_id == state.expert_id
    if party is Party.SERVICE:
        return False
    return actor.role is Role.CCAA_STAFF


def can_view(state: CaseState, actor: Actor) -> bool:
    """R0.3: the applicant; once submitted, the routed bodies, the assigned expert and CCAA staff."""
    if actor.user_id == state.applicant_id:
        return True
    if state.status is Status.DRAFT:
        return False
    return any(is_party(party, state, actor) for party in (Party.BODY, Party.TO_BODY, Party.EXPERT, Party.STAFF))


def offered(workflow: Workflow, state: CaseState) -> list[Action]:
    """The actions the case's current stage offers to anyone."""
    stage = workflow.stage(state.stage)
    return [action for action in stage.actions if action.when is None or action.when(state)]


def available_actions(workflow: Workflow, state: CaseState, actor: Actor) -> list[Action]:
    """The actions this actor may take now (the buttons a page shows)."""
    stage = workflow.stage(state.stage)
    return [action for action in offered(workflow, state) if is_party(action.party or stage.party, state, actor)]


def decide(workflow: Workflow, state: CaseState, actor: Actor, action_key: str, *, expected_version: int,
           opinion: str = '', expert_id: int | None = None) -> Transition:
    """Check a request against the declaration; raise Conflict, NotAllowed or Invalid, or say what to write."""
    if expected_version != state.version:
        raise Conflict()
    stage = workflow.stage(state.stage)
    action = next((a for a in offered(workflow, state) if a.key == action_key), None)
    if action is None:
        raise NotAllowed(f'该业务当前处于【{stage.label}】环节，不能进行此操作')
    if action.party is not Party.SERVICE and not is_party(action.party or stage.party, state, actor):
        raise NotAllowed()
    if len(opinion.strip()) > OPINION_MAX:
        raise Invalid('opinion', f'意见不能超过{OPINION_MAX}字')
    if action.opinion_required and not opinion.strip():
        raise Invalid('opinion', '请填写意见')
    if action.assigns_expert and expert_id is None:
        raise Invalid('expert_id', '请选择专家')
    if action.to == RESUME:
        if state.resume_stage is None or not workflow.has_stage(state.resume_stage):
            raise NotAllowed('该业务没有可返回的办理环节')
        to_stage = state.resume_stage
    else:
        to_stage = action.to
    target = workflow.stage(to_stage)
    return Transition(
        action=action,
        from_stage=state.stage,
        to_stage=to_stage,
        status=target.status,
        resume_stage=state.stage if to_stage == RECTIFICATION else None,
        outcome=action.outcome if target.key == CLOSED else None,
        expert_id=expert_id if action.assigns_expert else state.expert_id,
    )
