"""人员转换执业机构 (R7): the workflow declaration of R7.2.

提交 → 转出机构审核 (the body the auditor practises at, the case's body) → 转入机构审核 (the body chosen in the
application, the case's second body) → CCAA审核 → CCAA决定 → 已完结. Every review stage may 退回整改 (a resubmitted
case goes back to the stage that returned it) or 不通过. On 批准 the auditor's certificates move to the receiving
body, in the same transaction (rules.move_certificates, declared beside 批准).
"""
from __future__ import annotations

from domain.engine.workflow import (
    CLOSED,
    CLOSED_STAGE,
    Action,
    Party,
    Stage,
    Workflow,
    draft_stage,
    rectification_stage,
    return_action,
)
from domain.services.transfer.rules import close, move_certificates

SERVICE_CODE = 'transfer'


def _review(then: str) -> tuple[Action, ...]:
    return (
        Action('pass', '通过', then),
        return_action(),
        Action('reject', '不通过', CLOSED, opinion_required=True, outcome='refused', effect=close),
    )


WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('from_body_review'),
        Stage('from_body_review', '转出机构审核', Party.BODY, _review('to_body_review'), deadline_days=1,
              notice='您有一条业务流水号【{case_no}】的{service}需要转出机构审核', hidden_from=(Party.TO_BODY,)),
        Stage('to_body_review', '转入机构审核', Party.TO_BODY, _review('ccaa_review'), deadline_days=1,
              notice='您有一条业务流水号【{case_no}】的{service}需要转入机构审核'),
        Stage('ccaa_review', 'CCAA审核', Party.STAFF, _review('ccaa_decision'), deadline_days=1,
              notice='您有一条业务流水号【{case_no}】的{service}需要审核'),
        Stage('ccaa_decision', 'CCAA决定', Party.STAFF, (
            Action('approve', '批准', CLOSED, outcome='approved', effect=move_certificates),
            Action('refuse', '不予批准', CLOSED, opinion_required=True, outcome='refused', effect=close),
        ), deadline_days=1, notice='您有一条业务流水号【{case_no}】的{service}需要决定'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)

# the actions that close a case, after which the applicant may apply for a transfer again
CLOSING_ACTIONS = tuple(sorted({action.key for stage in WORKFLOW.stages for action in stage.actions
                                if action.to == CLOSED}))
