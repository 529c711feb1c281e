"""培训计划上报 (R10.4, manual §5.2.1): a training body reports a plan for a filed course and names its teachers, who
confirm it (确认结果 and 理由); one 不同意 returns it to the body, all 同意 make it 已确认. The body may 终止 a plan that
has not ended, before or after the teachers' answers: it closes as 已终止. No review by CCAA staff."""
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
)
from domain.services.training_plan.rules import ask_teachers, terminate

SERVICE_CODE = 'training_plan'
CONFIRMATION = 'teacher_confirmation'
CONFIRMED = 'confirmed'


def _terminate() -> Action:
    """终止: the body's, through its plan's page (application.terminate checks it is the body's own)."""
    return Action('terminate', '终止', CLOSED, party=Party.SERVICE, by_service=True, opinion_required=True,
                  outcome='terminated', effect=terminate)


WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        Stage(DRAFT, '草稿箱', Party.APPLICANT, (
            Action('submit', '提交', CONFIRMATION, by_service=True, effect=ask_teachers),)),
        Stage(CONFIRMATION, '教师确认', Party.BODY, (
            Action('teachers_agree', '教师同意', CONFIRMED, party=Party.SERVICE, by_service=True),
            Action('teacher_disagrees', '教师不同意', RECTIFICATION, party=Party.SERVICE, by_service=True,
                   opinion_required=True),
            _terminate(),
        ), deadline_days=5),
        Stage(CONFIRMED, '已确认', Party.BODY, (_terminate(),)),
        Stage(RECTIFICATION, '退回整改', Party.APPLICANT, (
            Action('resubmit', '重新提交', CONFIRMATION, by_service=True, effect=ask_teachers),)),
        CLOSED_STAGE,
    ),
)
