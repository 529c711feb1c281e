"""解除备案 (R10.3): a teacher leaves a filed course; the training body, then CCAA staff, agree. Asked from
培训课程管理 › 课程备案管理, not from the catalogue."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.course_unbinding import application
from domain.services.course_unbinding.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(Service(
    SERVICE_CODE, '解除备案', order=102, in_catalogue=False, workflow=WORKFLOW, facts_in=application.facts_in,
    wide_facts=('解除原因',)))
