"""证书注销申请 (R11.1): the workflow declaration.

提交 → CCAA审核 → 已完结. CCAA staff 批准 (the certificate becomes 注销 at once, also on the public verification page —
domain.certificate_cancellation_application.cancel_certificate, in the same transaction), 退回整改 (a resubmitted
case comes back to CCAA审核) or 不予注销 with a reason. The catalogue shows no 办结期限 for this service; the staff
stage has 5 working days so that its queue can show what is late.
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
from domain.services.certificate_cancellation.rules import (
    cancel_certificate,
    release_claim,
)

SERVICE_CODE = 'certificate_cancellation'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('ccaa_review'),
        Stage('ccaa_review', 'CCAA审核', Party.STAFF, (
            Action('approve', '批准', CLOSED, outcome='approved', effect=cancel_certificate),
            return_action(),
            Action('refuse', '不予注销', CLOSED, opinion_required=True, outcome='refused', effect=release_claim),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要审核'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)
