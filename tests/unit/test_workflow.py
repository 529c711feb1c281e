"""The pure workflow rules: declarations are checked, decide() allows only what is declared."""
from __future__ import annotations

import pytest

from domain.engine.workflow import (
    CLOSED_STAGE,
    RECTIFICATION,
    Action,
    CaseState,
    Party,
    Stage,
    Status,
    Workflow,
    available_actions,
    can_view,
    decide,
    draft_stage,
    is_party,
    rectification_stage,
)
from domain.services.registration.workflow import WORKFLOW
from domain.shared.actors import Actor, Role
from domain.shared.errors import Conflict, Invalid, NotAllowed

APPLICANT = Actor(1, '李明', Role.INDIVIDUAL)
OTHER = Actor(2, '王芳', Role.INDIVIDUAL)
BODY_A = Actor(3, '孙丽', Role.INSTITUTION_STAFF, institution_id=10, institution_name='A')
BODY_B = Actor(4, '周涛', Role.INSTITUTION_STAFF, institution_id=11, institution_name='B')
STAFF = Actor(5, '管理员', Role.CCAA_STAFF)
EXPERT = Actor(6, '赵强', Role.INDIVIDUAL, is_expert=True)


def state(stage: str, **kw: object) -> CaseState:
    values: dict[str, object] = dict(stage=stage, status=WORKFLOW.stage(stage).status, version=1, applicant_id=1,
                                     body_id=10, payer='person')
    values.update(kw)
    return CaseState(**values)  # type: ignore[arg-type]


def test_undeclared_target_is_refused_at_declaration() -> None:
    with pytest.raises(ValueError, match='undeclared'):
        Workflow('x', (draft_stage('nowhere'), rectification_stage(), CLOSED_STAGE))


def test_missing_common_stage_is_refused() -> None:
    with pytest.raises(ValueError, match='rectification'):
        Workflow('x', (draft_stage('closed'), CLOSED_STAGE))


def test_submit_goes_to_body_review() -> None:
    t = decide(WORKFLOW, state('draft'), APPLICANT, 'submit', expected_version=1)
    assert (t.to_stage, t.status) == ('body_review', Status.IN_PROGRESS)


def test_only_the_routed_body_reviews() -> None:
    with pytest.raises(NotAllowed):
        decide(WORKFLOW, state('body_review'), BODY_B, 'pass', expected_version=1)
    with pytest.raises(NotAllowed):
        decide(WORKFLOW, state('body_review'), APPLICANT, 'pass', expected_version=1)
    assert decide(WORKFLOW, state('body_review'), BODY_A, 'pass', expected_version=1).to_stage == 'payment'


def test_stale_version_is_a_conflict() -> None:
    with pytest.raises(Conflict):
        decide(WORKFLOW, state('body_review', version=2), BODY_A, 'pass', expected_version=1)


def test_action_of_another_stage_is_refused() -> None:
    with pytest.raises(NotAllowed, match='机构初核'):
        decide(WORKFLOW, state('body_review'), STAFF, 'approve', expected_version=1)


def test_return_needs_an_opinion_and_remembers_the_stage() -> None:
    with pytest.raises(Invalid) as error:
        decide(WORKFLOW, state('ccaa_review'), STAFF, 'return', expected_version=1, opinion='  ')
    assert error.value.field == 'opinion'
    t = decide(WORKFLOW, state('ccaa_review'), STAFF, 'return', expected_version=1, opinion='补充材料')
    assert (t.to_stage, t.resume_stage) == (RECTIFICATION, 'ccaa_review')


def test_resubmission_resumes_the_returning_stage() -> None:
    t = decide(WORKFLOW, state(RECTIFICATION, resume_stage='expert_review', expert_id=6), APPLICANT, 'resubmit',
               expected_version=1)
    assert t.to_stage == 'expert_review'
    assert t.expert_id == 6


def test_payment_actions_depend_on_the_payer() -> None:
    person = state('payment', payer='person')
    institution = state('payment', payer='institution')
    assert [a.key for a in available_actions(WORKFLOW, person, APPLICANT)] == ['pay_online', 'pay_offline']
    assert available_actions(WORKFLOW, person, BODY_A) == []
    assert available_actions(WORKFLOW, institution, APPLICANT) == []
    assert [a.key for a in available_actions(WORKFLOW, institution, BODY_A)] == ['confirm_payment']


def test_only_the_assigned_expert_evaluates() -> None:
    other_expert = Actor(7, '钱七', Role.INDIVIDUAL, is_expert=True)
    s = state('expert_review', expert_id=6)
    with pytest.raises(NotAllowed):
        decide(WORKFLOW, s, other_expert, 'evaluate', expected_version=1, opinion='ok')
    assert decide(WORKFLOW, s, EXPERT, 'evaluate', expected_version=1, opinion='ok').to_stage == 'ccaa_review'


def test_assigning_needs_an_expert() -> None:
    with pytest.raises(Invalid):
        decide(WORKFLOW, state('ccaa_review'), STAFF, 'assign_expert', expected_version=1)
    assert decide(WORKFLOW, state('ccaa_review'), STAFF, 'assign_expert', expected_version=1,
                  expert_id=6).expert_id == 6


def test_approval_closes_with_an_outcome() -> None:
    t = decide(WORKFLOW, state('ccaa_decision'), STAFF, 'approve', expected_version=1)
    assert (t.to_stage, t.status, t.outcome) == ('closed', Status.CLOSED, 'approved')


def test_who_may_view() -> None:
    draft = state('draft')
    assert can_view(draft, APPLICANT)
    assert not can_view(draft, BODY_A) and not can_view(draft, STAFF)
    submitted = state('body_review')
    assert can_view(submitted, BODY_A) and can_view(submitted, STAFF)
    assert not can_view(submitted, BODY_B) and not can_view(submitted, OTHER) and not can_view(submitted, EXPERT)


def test_action_party_overrides_stage_party() -> None:
    stage = Stage('s', 'S', Party.APPLICANT, (Action('x', 'X', 'closed', party=Party.STAFF),))
    wf = Workflow('t', (draft_stage('s'), stage, rectification_stage(), CLOSED_STAGE))
    s = CaseState('s', Status.IN_PROGRESS, 1, applicant_id=1)
    assert available_actions(wf, s, APPLICANT) == []
    assert decide(wf, s, STAFF, 'x', expected_version=1).to_stage == 'closed'


# -- a case routed to two bodies in turn (人员转换执业机构: the case's body, then its to_body) ---------------------

def test_a_second_body_acts_only_at_its_own_stage() -> None:
    from domain.services.transfer import workflow as transfer
    wf = transfer.WORKFLOW

    def moving(stage: str) -> CaseState:
        return CaseState(stage, wf.stage(stage).status, 1, applicant_id=1, body_id=10, to_body_id=11)

    assert decide(wf, moving('draft'), APPLICANT, 'submit', expected_version=1).to_stage == 'from_body_review'
    with pytest.raises(NotAllowed):
        decide(wf, moving('from_body_review'), BODY_B, 'pass', expected_version=1)
    assert decide(wf, moving('from_body_review'), BODY_A, 'pass', expected_version=1).to_stage == 'to_body_review'
    with pytest.raises(NotAllowed):
        decide(wf, moving('to_body_review'), BODY_A, 'pass', expected_version=1)
    assert available_actions(wf, moving('to_body_review'), BODY_A) == []
    assert [a.key for a in available_actions(wf, moving('to_body_review'), BODY_B)] == ['pass', 'return', 'reject']
    t = decide(wf, moving('to_body_review'), BODY_B, 'return', expected_version=1, opinion='补充离职证明')
    assert (t.to_stage, t.resume_stage) == (RECTIFICATION, 'to_body_review')
    assert decide(wf, moving('to_body_review'), BODY_B, 'pass', expected_version=1).to_stage == 'ccaa_review'
    with pytest.raises(NotAllowed):
        decide(wf, moving('ccaa_review'), BODY_B, 'pass', expected_version=1)


def test_a_case_without_a_second_body_has_no_receiving_party() -> None:
    s = state('body_review')  # to_body_id None
    assert not is_party(Party.TO_BODY, s, BODY_A) and not is_party(Party.TO_BODY, s, BODY_B)
    assert is_party(Party.BODY, s, BODY_A)


def test_both_routed_bodies_may_view_once_submitted() -> None:
    submitted = state('body_review', to_body_id=11)
    assert can_view(submitted, BODY_A) and can_view(submitted, BODY_B)
    assert not can_view(state('draft', to_body_id=11), BODY_B)
    outsider = Actor(8, '郑八', Role.INSTITUTION_STAFF, institution_id=12, institution_name='C')
    assert not can_view(submitted, outsider)


def test_an_opinion_longer_than_the_limit_is_refused_whatever_the_page_allows() -> None:
    from domain.engine.workflow import OPINION_MAX
    decide(WORKFLOW, state('ccaa_review'), STAFF, 'return', expected_version=1, opinion='补' * OPINION_MAX)
    with pytest.raises(Invalid) as refused:
        decide(WORKFLOW, state('ccaa_review'), STAFF, 'return', expected_version=1, opinion='补' * (OPINION_MAX + 1))
    assert refused.value.field == 'opinion'
