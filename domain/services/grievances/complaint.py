"""投诉 (R8.2, manual §3.5): the workflow declaration.

提交 → 投诉受理 (CCAA staff 受理, or 退回整改 for what is missing, or 不予受理 with the reason) → CCAA处理意见 (staff
conclude with the opinion that is fed back to the complainant) → 已完结. 90 working days in all.
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

SERVICE_CODE = 'complaint'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('acceptance'),
        Stage('acceptance', '投诉受理', Party.STAFF, (
            Action('accept', '受理', 'ccaa_handling'),
            return_action(),
            Action('not_accept', '不予受理', CLOSED, opinion_required=True, outcome='not_accepted'),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要受理'),
        Stage('ccaa_handling', 'CCAA处理意见', Party.STAFF, (
            Action('conclude', '办结', CLOSED, opinion_required=True, outcome='concluded'),
        ), deadline_days=80, notice='您有一条业务流水号【{case_no}】的{service}需要给出处理意见',
              opinion_label='处理意见'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)
