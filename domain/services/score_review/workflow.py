"""考试成绩复核申请 (R9.5): the workflow declaration.

提交 → 成绩复核 (CCAA staff, 4 working days): 维持原成绩, or 更正成绩 with the reviewed score, which replaces the score
of the registration in the same transaction (domain.score_review_application.record_correction). Either way the
opinion is sent to the candidate with the closing notice.
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
)
from domain.services.score_review.rules import keep_score

SERVICE_CODE = 'score_review'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        draft_stage('score_review'),
        Stage('score_review', '成绩复核', Party.STAFF, (
            Action('keep', '维持原成绩', CLOSED, opinion_required=True, outcome='kept', effect=keep_score),
            Action('correct', '更正成绩', CLOSED, opinion_required=True, outcome='corrected', by_service=True),
        ), deadline_days=4, notice='您有一条业务流水号【{case_no}】的{service}需要复核'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)
