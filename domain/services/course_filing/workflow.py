"""课程备案 (R10.2, manual §5.1.2): a training body files a course and names its teachers; each teacher confirms
(同意 / 不同意 with 确认意见); when all have agreed, CCAA staff review it. A teacher who disagrees sends it back to
the body (退回整改, the opinion with it), which may change the teachers and submit again: every teacher is then asked
again. 批准 files the course (状态 教师同意与课程备案 for its teachers).
"""
from __future__ import annotations

from domain.engine.workflow import (
    CLOSED,
    CLOSED_STAGE,
    DRAFT,
    RECTIFICATION,
    Action,
    Party,
    Stage,
    Workflow,
    return_action,
)
from domain.services.course_filing.rules import ask_teachers

SERVICE_CODE = 'course_filing'
CONFIRMATION = 'teacher_confirmation'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        Stage(DRAFT, '草稿箱', Party.APPLICANT, (
            Action('submit', '提交', CONFIRMATION, by_service=True, effect=ask_teachers),)),
        Stage(CONFIRMATION, '教师确认', Party.BODY, (
            Action('teachers_agree', '教师同意', 'ccaa_review', party=Party.SERVICE, by_service=True),
            Action('teacher_disagrees', '教师不同意', RECTIFICATION, party=Party.SERVICE, by_service=True,
                   opinion_required=True),
        ), deadline_days=5),
        Stage('ccaa_review', 'CCAA审核', Party.STAFF, (
            Action('approve', '批准', CLOSED, outcome='filed'),
            return_action(),
            Action('refuse', '不予备案', CLOSED, opinion_required=True, outcome='refused'),
        ), deadline_days=5, notice='您有一条业务流水号【{case_no}】的{service}需要审核'),
        Stage(RECTIFICATION, '退回整改', Party.APPLICANT, (
            Action('resubmit', '重新提交', CONFIRMATION, by_service=True, effect=ask_teachers),)),
        CLOSED_STAGE,
    ),
)
