"""证书注销申请 (R11.1): a holder asks to cancel a certificate; CCAA审核 cancels it on 批准."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.certificate_cancellation import application
from domain.services.certificate_cancellation.form import FORM, HANDLERS
from domain.services.certificate_cancellation.workflow import SERVICE_CODE, WORKFLOW

SERVICE = register(Service(
    SERVICE_CODE, '证书注销申请', order=10, deadline_days=None, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, form=FORM, handlers=HANDLERS, facts_in=application.facts_in,
    facts_heading='注销申请信息', wide_facts=('补充说明',)))
