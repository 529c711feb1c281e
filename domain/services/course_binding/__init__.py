"""绑定课程类别 (R10.1): a teacher binds a course category, with 工作经历 or 授课经历 as evidence; complete on 提交.
Started from 个人中心 › 培训课程管理 › 课程管理, not from the catalogue of the ten services."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.course_binding import application
from domain.services.course_binding.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(Service(
    SERVICE_CODE, '绑定课程类别', order=100, in_catalogue=False, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, facts_in=application.facts_in))
