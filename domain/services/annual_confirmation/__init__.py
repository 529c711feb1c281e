"""年度确认申请 (R6): a certified auditor confirms a year of their certificate; 机构审核 → CCAA审批 → CCAA批准."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.annual_confirmation import application
from domain.services.annual_confirmation.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(Service(
    SERVICE_CODE, '年度确认申请', order=2, deadline_days=1, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, facts_in=application.facts_in,
    facts_heading='申请信息', wide_facts=tuple(application.TEXTS.values())))
