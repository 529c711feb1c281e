"""人员注册申请 (R5): the wizard 条件自检 → 个人注册申请 → 个人信息填报, 机构初核, 缴费, CCAA审批 with 专家评价, and the certificate issued on 批准."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.registration import application
from domain.services.registration.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(Service(
    SERVICE_CODE, '人员注册申请', order=1, deadline_days=15, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, facts_in=application.facts_in,
    evaluation_results={'同意注册': 'evaluate', '不同意注册': 'evaluate', '退回整改': 'return'}))
