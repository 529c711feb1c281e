"""申诉 and 投诉 (R8): one form for both (application), each with its own workflow (appeal, complaint); anyone with
an account files them, institution accounts too (R8.1)."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.grievances import appeal, application, complaint
from domain.services.grievances.form import form, handlers
from storage.tables import GrievanceFile

_FILES = dict(attachments=application.ATTACHMENTS, wide_facts=('事实与理由', '申诉请求', '投诉请求'),
              file_purposes=(application.ATTACHMENTS.purpose,),
              file_references=((GrievanceFile, GrievanceFile.file_id),))

COMPLAINT = register(Service(
    complaint.SERVICE_CODE, '投诉', order=8, deadline_days=90, workflow=complaint.WORKFLOW,
    apply_path='/apply/' + complaint.SERVICE_CODE, filed_by_institutions=True, facts_in=application.facts_in,
    form=form(complaint.SERVICE_CODE), handlers=handlers(complaint.SERVICE_CODE), **_FILES))
APPEAL = register(Service(
    appeal.SERVICE_CODE, '申诉', order=9, deadline_days=90, workflow=appeal.WORKFLOW,
    apply_path='/apply/' + appeal.SERVICE_CODE, filed_by_institutions=True, facts_in=application.facts_in,
    form=form(appeal.SERVICE_CODE), handlers=handlers(appeal.SERVICE_CODE), **_FILES,
    evaluation_results={'申诉成立': 'evaluate', '申诉部分成立': 'evaluate', '申诉不成立': 'evaluate'}))
