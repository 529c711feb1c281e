"""绑定课程类别 (R10.1, manual §5.1.1): the workflow declaration.

The manual has no review here: a teacher chooses a course category, adds 工作经历 or 授课经历 as evidence, and the
binding is complete. So 提交 closes the case at once, binding the category in the same transaction (rules.bind); the
case stays in 我的事项 with its evidence, as the record of the binding.
"""
from __future__ import annotations

from domain.engine.workflow import (
    CLOSED,
    CLOSED_STAGE,
    DRAFT,
    Action,
    Party,
    Stage,
    Workflow,
    rectification_stage,
)
from domain.services.course_binding.rules import bind

SERVICE_CODE = 'course_binding'

WORKFLOW = Workflow(
    service_code=SERVICE_CODE,
    stages=(
        Stage(DRAFT, '草稿箱', Party.APPLICANT, (Action('submit', '提交', CLOSED, outcome='bound', effect=bind,
                                                                 by_service=True),)),
        rectification_stage(),  # every workflow has one; nothing returns a binding
        CLOSED_STAGE,
    ),
)
