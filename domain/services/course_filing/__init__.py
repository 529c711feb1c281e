"""课程备案 (R10.2): a training body files a course and names its teachers, who confirm it from 培训课程管理 ›
课程备案管理 (teachers.py); CCAA staff then review it. Started from the training body's workspace."""
from __future__ import annotations

from domain.engine.registry import Service, register
from domain.services.course_filing import application
from domain.services.course_filing.workflow import SERVICE_CODE, WORKFLOW
from storage.tables import CourseFilingFile

SERVICE = register(Service(
    SERVICE_CODE, '课程备案', order=101, in_catalogue=False, workflow=WORKFLOW, apply_path='/apply/' + SERVICE_CODE,
    filed_by_institutions=True, institution_kinds=('training',), facts_in=application.facts_in,
    attachments=application.MATERIALS, wide_facts=('课程大纲', '授课教师'),
    file_purposes=(application.MATERIALS.purpose,),
    file_references=((CourseFilingFile, CourseFilingFile.file_id),)))
