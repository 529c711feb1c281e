"""网络课程's form as data, for the generic wizard: 课程名称, 课程设计类型, 课程设计领域, 课程简介, and its
materials — documents (PDF, Word, PowerPoint) and videos (MP4, WebM) — streamed by the browser straight to the
server."""
from __future__ import annotations

from sqlmodel import Session

from domain.engine.case_attachments import Slot
from domain.engine.forms import Field, Form, Kind
from domain.engine.prechecks import PrecheckItem
from domain.records.certificates import FIELD_SCOPES
from domain.records.course_reviews import DESIGN_TYPES
from domain.shared.actors import Actor, Role
from storage.db import unit_of_work
from storage.tables import Institution, OnlineCourse, OnlineCourseDocument, OnlineCourseVideo

NOT_TRAINING_BODY = '只有培训机构账号可以上报网络课程'

DOCUMENTS = Slot(OnlineCourseDocument, purpose='course_document', limit=20, field='documents', label='课程文件',
                 stream='document', minimum=1, hint='讲义、课件等，PDF、Word 或 PowerPoint 格式，每个不超过 200 MB')
VIDEOS = Slot(OnlineCourseVideo, purpose='course_video', limit=20, field='videos', label='课程视频',
              stream='video', minimum=1, hint='MP4（H.264）或 WebM 格式，每个不超过 2 GB')


def is_training_body(session: Session, actor: Actor) -> bool:
    body = session.get(Institution, actor.institution_id) if actor.institution_id else None
    return actor.role is Role.INSTITUTION_STAFF and body is not None and body.kind == 'training'


def precheck(actor: Actor, case_id: int | None = None) -> list[PrecheckItem]:
    """条件自检: a training body's account."""
    with unit_of_work() as session:
        ok = is_training_body(session, actor)
    return [PrecheckItem('培训机构', ok, f'以培训机构名义上报：{actor.institution_name or ""}' if ok else NOT_TRAINING_BODY)]


FORM = Form(OnlineCourse, '网络课程', heading='* 网络课程信息', precheck=precheck, streams=(DOCUMENTS, VIDEOS),
            summary=lambda row: row.course_name or '未填写课程名称', fields=(
    Field('course_name', '课程名称', required=True, max_length=100),
    Field('design_type', '课程设计类型', Kind.SELECT, required=True, choices=DESIGN_TYPES),
    Field('design_field', '课程设计领域', Kind.SELECT, required=True, choices=tuple(FIELD_SCOPES),
          choice_labels=tuple(f'{code} {name}' for code, name in FIELD_SCOPES.items())),
    Field('intro', '课程简介', Kind.TEXTAREA, required=True, max_length=2000, hint='课程目标、主要内容、学时安排'),
))
