"""培训计划上报 (R10.4): a training body reports a plan for a filed course; its teachers confirm it from 培训课程管理 ›
培训计划管理 (teachers.py); the body may 终止 it. Started from the training body's workspace."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.training_plan import application
from domain.services.training_plan.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(Service(
    SERVICE_CODE, '培训计划上报', order=103, in_catalogue=False, workflow=WORKFLOW, apply_path='/apply/' + SERVICE_CODE,
    filed_by_institutions=True, institution_kinds=('training',), facts_in=application.facts_in,
    wide_facts=('授课教师', '终止原因')))
