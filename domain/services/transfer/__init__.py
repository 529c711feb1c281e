"""人员转换执业机构 (R7): a certified auditor moves to another certification body; 转出机构审核 → 转入机构审核 → CCAA审核 → CCAA决定."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.transfer import application
from domain.services.transfer.workflow import SERVICE_CODE, WORKFLOW
from storage.tables import TransferApplication

SERVICE = register(Service(
    SERVICE_CODE, '人员转换执业机构', order=3, deadline_days=1, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, facts_in=application.facts_in,
    file_purposes=(application.FILE_PURPOSE,),
    file_references=((TransferApplication, TransferApplication.reason_file_id),)))
