"""年度确认申请 (R6): the workflow declaration of R6.3.

提交 → 机构审核 (the body the certificate is registered with) → CCAA审批 → CCAA批准 → 已完结; on 批准 the certificate
records the confirmed year (domain.annual_confirmation_application.record_confirmation, in the same transaction).
机构审核 and CCAA审批 may 退回整改; a resubmitted case goes back to the stage that returned it. The whole case has
1 working day (the catalogue's 办结期限), and so has each stage.
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
from domain.services.annual_confirmation.rules import record_confirmation, release_claim

SERVICE_CODE = 'annual_confirmation'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('body_review'),
        Stage('body_review', '机构审核', Party.BODY, (
            Action('pass', '通过', 'ccaa_review'),
            return_action(),
            Action('reject', '不通过', CLOSED, opinion_required=True, outcome='refused', effect=release_claim),
        ), deadline_days=1, notice='您有一条业务流水号【{case_no}】的{service}需要机构审核'),
        Stage('ccaa_review', 'CCAA审批', Party.STAFF, (
            Action('pass', '通过', 'ccaa_decision'),
            return_action(),
            Action('reject', '不通过', CLOSED, opinion_required=True, outcome='refused', effect=release_claim),
        ), deadline_days=1, notice='您有一条业务流水号【{case_no}】的{service}需要审批'),
        Stage('ccaa_decision', 'CCAA批准', Party.STAFF, (
            Action('approve', '批准', CLOSED, outcome='approved', effect=record_confirmation),
            Action('refuse', '不予确认', CLOSED, opinion_required=True, outcome='refused', effect=release_claim),
        ), deadline_days=1, notice='您有一条业务流水号【{case_no}】的{service}需要批准'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)
