"""专家申请 (R10.7): a person asks for expert permission; CCAA审核 gives it on 批准."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.expert_application import application
from domain.services.expert_application.form import FORM, HANDLERS
from domain.services.expert_application.workflow import SERVICE_CODE, WORKFLOW
from storage.tables import ExpertApplicationFile

SERVICE = register(Service(
    SERVICE_CODE, '专家申请', order=6, deadline_days=None, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, form=FORM, handlers=HANDLERS, facts_in=application.facts_in,
    attachments=application.EVIDENCE, wide_facts=(application.LABELS['resume'],),
    file_purposes=(application.EVIDENCE.purpose,),
    file_references=((ExpertApplicationFile, ExpertApplicationFile.file_id),)))
