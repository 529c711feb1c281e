"""老课复审 (R10.6): a training body asks for one of its online courses to stay valid another year; CCAA staff
assign an expert, whose 老课复审评价 CCAA then decides on. 批准 extends the course (延期时间)."""
from __future__ import annotations

from dataclasses import replace

from domain.engine.applications import declare
from domain.engine.registry import register
from domain.records.course_reviews import evaluates, is_reviewer
from domain.services.course_rereview.application import FORM, facts_in
from domain.services.course_rereview.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(replace(
    declare(SERVICE_CODE, '老课复审', order=7, workflow=WORKFLOW, form=FORM, filed_by_institutions=True,
            institution_kinds=('training',), may_view=is_reviewer, facts_heading='老课复审信息'),
    facts_in=facts_in))

evaluates(SERVICE_CODE, {'rereview': '网络课程名为【{course_name}】的老课复审申请需要您进行评价'})
