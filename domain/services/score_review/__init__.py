"""考试成绩复核申请 (R9.5): a candidate asks for a score to be reviewed; CCAA staff 维持原成绩 or 更正成绩."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.score_review import application
from domain.services.score_review.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(Service(
    SERVICE_CODE, '考试成绩复核申请', order=5, deadline_days=4, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, facts_in=application.facts_in))
