"""申诉 (R8.2, manual §3.4): the workflow declaration.

提交 → 申诉受理 (CCAA staff 分配专家, or 退回整改 for what is missing, or 不予受理 with the reason) → 专家评价 (the
assigned expert submits 评价结果 and 专家评价意见, §3.4.3) → CCAA处理意见 (staff conclude with the opinion that is
fed back to the appellant, or ask another expert) → 已完结. 90 working days in all (the catalogue's 办结期限).
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

SERVICE_CODE = 'appeal'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('acceptance'),
        Stage('acceptance', '申诉受理', Party.STAFF, (
            Action('assign_expert', '受理并分配专家', 'expert_review', assigns_expert=True),
            return_action(),
            Action('not_accept', '不予受理', CLOSED, opinion_required=True, outcome='not_accepted'),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要受理'),
        Stage('expert_review', '专家评价', Party.EXPERT, (
            Action('evaluate', '提交', 'ccaa_handling', opinion_required=True, by_service=True),
        ), deadline_days=20, notice='您有一条业务流水号【{case_no}】的申诉需要评价'),
        Stage('ccaa_handling', 'CCAA处理意见', Party.STAFF, (
            Action('conclude', '办结', CLOSED, opinion_required=True, outcome='concluded'),
            Action('reassign_expert', '重新分配专家', 'expert_review', assigns_expert=True),
        ), deadline_days=60, notice='您有一条业务流水号【{case_no}】的{service}需要给出处理意见',
              opinion_label='处理意见'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)
