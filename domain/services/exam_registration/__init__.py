"""认证人员注册全国统一考试报名 (R9.2, R9.3): a candidate registers for an exam in a city with seats left."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.exam_registration import application
from domain.services.exam_registration.workflow import SERVICE_CODE, WORKFLOW
from storage.tables import ExamApplication

SERVICE = register(Service(
    SERVICE_CODE, '认证人员注册全国统一考试报名', order=4, deadline_days=1, workflow=WORKFLOW,
    apply_path='/apply/' + SERVICE_CODE, facts_in=application.facts_in,
    file_purposes=(application.PHOTO_PURPOSE,),
    file_references=((ExamApplication, ExamApplication.photo_file_id),)))
