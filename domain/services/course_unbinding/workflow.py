"""解除备案 (R10.3, manual §5.1.3): a teacher asks to be unbound from a filed course, with 解除原因; the training body
reviews it (机构审核), then CCAA staff (CCAA审核); 批准 ends in 已解除绑定. Either may refuse (不同意解除)."""
from __future__ import annotations

from domain.engine.workflow import CLOSED, CLOSED_STAGE, Action, Party, Stage, Workflow, draft_stage, rectification_stage
from domain.services.course_unbinding.rules import close, unbind

SERVICE_CODE = 'course_unbinding'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('body_review'),
        Stage('body_review', '机构审核', Party.BODY, (
            Action('pass', '同意解除', 'ccaa_review'),
            Action('reject', '不同意解除', CLOSED, opinion_required=True, outcome='refused', effect=close),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要机构审核'),
        Stage('ccaa_review', 'CCAA审核', Party.STAFF, (
            Action('approve', '批准', CLOSED, outcome='unbound', effect=unbind),
            Action('refuse', '不同意解除', CLOSED, opinion_required=True, outcome='refused', effect=close),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要审核'),
        rectification_stage(),  # every workflow has one; nothing returns a request to unbind
        CLOSED_STAGE,
    ),
)
