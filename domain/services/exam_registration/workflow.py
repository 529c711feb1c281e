"""认证人员注册全国统一考试报名 (R9.2, R9.3): the workflow declaration.

An exam that needs review (Exam.needs_review) sends the registration to 报名审核, where CCAA staff 审核通过 (the
registration gets its 准考证号), 退回整改 or 审核不通过 (the seat is given back); any other registration is accepted on
提交 and the case closes at once. The application chooses the path: Case.route is 'review' for the first kind. The
seat is taken on 提交 in both cases, in the same transaction (domain.exam_application).
"""
from __future__ import annotations

from domain.engine.workflow import (
    CLOSED,
    CLOSED_STAGE,
    Action,
    CaseState,
    Party,
    Stage,
    Workflow,
    rectification_stage,
    return_action,
)
from domain.services.exam_registration.rules import accept, refuse

SERVICE_CODE = 'exam_registration'
REVIEW = 'review'


def _reviewed(state: CaseState) -> bool:
    return state.route == REVIEW


def _not_reviewed(state: CaseState) -> bool:
    return state.route != REVIEW


WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        Stage('draft', '草稿箱', Party.APPLICANT, (
            Action('submit', '提交', 'exam_review', when=_reviewed, by_service=True),
            Action('submit', '提交', CLOSED, when=_not_reviewed, outcome='approved', by_service=True),
        )),
        Stage('exam_review', '报名审核', Party.STAFF, (
            Action('approve', '审核通过', CLOSED, outcome='approved', effect=accept),
            return_action(),
            Action('reject', '审核不通过', CLOSED, opinion_required=True, outcome='refused', effect=refuse),
        ), deadline_days=1, notice='您有一条业务流水号【{case_no}】的{service}需要审核'),
        rectification_stage(),
        CLOSED_STAGE,
    ),
)
