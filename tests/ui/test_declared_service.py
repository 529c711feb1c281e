"""The eleventh service is one folder: a service declared here alone — a form of two fields and an attachment, a
two-stage workflow with an effect — runs through the generic wizard and the case page to 已完结, with no edit to
any other file of the project."""
from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from nicegui import ui
from nicegui.testing import User
from PIL import Image
from sqlalchemy.orm import registry as sa_registry
from sqlmodel import Field, Session, SQLModel

from domain.demo import _actor
from domain.engine import applications, cases, registry
from domain.engine.case_attachments import Slot
from domain.engine.forms import Field as FormField
from domain.engine.forms import Form, Kind
from domain.engine.workflow import (
    CLOSED,
    CLOSED_STAGE,
    Action,
    Party,
    Stage,
    Workflow,
    draft_stage,
    rectification_stage,
    return_action,
)
from domain.shared import clock
from domain.shared.actors import Actor
from storage import db
from storage.tables import Case
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually

CODE = 'data_correction'
ITEMS = ('姓名', '证件号码', '学历')


class _Tables(SQLModel, registry=sa_registry()):  # its own metadata: the project's migrations never see it
    pass


class DataCorrection(_Tables, table=True):
    __tablename__ = 'test_data_correction'
    case_id: int = Field(primary_key=True)
    wizard_step: str = 'info'
    updated_at: datetime | None = None
    item: str | None = None
    content: str = ''
    corrected_on: date | None = None  # written by the effect of 批准


class DataCorrectionFile(_Tables, table=True):
    __tablename__ = 'test_data_correction_file'
    id: int | None = Field(default=None, primary_key=True)
    case_id: int
    file_id: int


def mark_corrected(session: Session, case: Case, actor: Actor) -> None:
    row = session.get(DataCorrection, case.id)
    assert row is not None
    row.corrected_on = clock.today()
    session.add(row)


WORKFLOW = Workflow(CODE, (
    draft_stage('acceptance'),
    Stage('acceptance', '资料受理', Party.STAFF, (Action('accept', '受理', 'decision'), return_action()),
          deadline_days=3, notice='您有一条业务流水号【{case_no}】的{service}需要受理'),
    Stage('decision', 'CCAA决定', Party.STAFF, (
        Action('approve', '批准', CLOSED, outcome='approved', effect=mark_corrected),
        Action('refuse', '不予更正', CLOSED, opinion_required=True, outcome='refused'),
    ), deadline_days=2),
    rectification_stage(),
    CLOSED_STAGE,
))

FORM = Form(DataCorrection, '资料更正申请', (
    FormField('item', '更正事项', Kind.SELECT, required=True, choices=ITEMS, hint='请选择需要更正的信息'),
    FormField('content', '更正内容', Kind.TEXTAREA, required=True, max_length=500),
), attachments=Slot(DataCorrectionFile, purpose='data_correction_evidence', limit=2, field='evidence',
                    label='证明材料'))

SERVICE = applications.declare(CODE, '资料更正申请', order=99, workflow=WORKFLOW, form=FORM, deadline_days=5)


@pytest.fixture
def declared_service(app_database: str) -> Iterator[None]:
    _Tables.metadata.create_all(db.get_engine())
    with registry.registered(SERVICE):
        yield


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(buffer, format='PNG')
    return buffer.getvalue()


def field(user: User, kind: type, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == f'field-{name}')


def my_drafts() -> list[cases.CaseView]:
    from domain.engine import my_cases
    return [c for c in my_cases.all_my_cases(_actor('test1'), my_cases.CaseQuery()) if c.service_code == CODE]


async def test_a_service_declared_in_a_test_runs_from_the_catalogue_to_closed(user: User,
                                                                             declared_service: None) -> None:
    await log_in(user, 'test1')
    await user.open(f'/services/{CODE}')  # 在线办理 from the catalogue leads to the generic wizard
    await user.should_see('资料更正申请　在线申请', retries=100)
    await user.should_see('实名认证', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 更正事项', retries=100)
    [draft] = my_drafts()
    assert draft.stage == 'draft'

    user.find(kind=ui.button, content='下一步 >').click()  # nothing answered: a message beside each field
    await eventually(lambda: _assert_equal(field(user, ui.select, 'item').props.get('error-message'), '请选择更正事项'))
    await eventually(lambda: _assert_equal(field(user, ui.textarea, 'content').props.get('error-message'),
                                           '请填写更正内容'))
    field(user, ui.select, 'item').set_value('学历')
    field(user, ui.textarea, 'content').set_value('毕业院校名称有误')
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('学历证明.png', 'image/png', png())])
    await user.should_see('学历证明.png', retries=50)
    user.find(kind=ui.button, content='暂存草稿').click()
    await user.should_see('草稿已保存，可在 个人中心 › 我的事项 › 草稿箱 中继续填报')
    saved = applications.application(CODE, _actor('test1'), draft.id)
    assert (saved.item, saved.content, [a.name for a in saved.attachments]) == ('学历', '毕业院校名称有误',
                                                                                ['学历证明.png'])

    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('资料更正申请 业务已成功提交', retries=100)
    assert cases.get_case(_actor('test1'), draft.id).stage == 'acceptance'

    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)
    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await user.open('/staff')
    await user.should_see('资料受理 (1)', retries=100)  # its queue, from the registry
    await user.open(f'/staff/cases/{draft.id}')
    await user.should_see('资料更正申请信息', retries=100)  # its 申请信息, drawn from the declaration
    await user.should_see('毕业院校名称有误')
    await user.should_see('学历证明.png')
    user.find(kind=ui.button, content='受理').click()
    await eventually(lambda: _assert_equal(cases.get_case(_actor('admin'), draft.id).stage, 'decision'), timeout=10)
    await user.open(f'/staff/cases/{draft.id}')
    await user.should_see(kind=ui.button, content='批准', retries=100)
    user.find(kind=ui.button, content='批准').click()
    await eventually(lambda: _assert_equal(cases.get_case(_actor('admin'), draft.id).status_label, '已完结'),
                     timeout=10)
    with db.unit_of_work() as session:  # the effect declared beside 批准, in the same transaction
        assert session.get(DataCorrection, draft.id).corrected_on == clock.today()  # type: ignore[union-attr]
    timeline = [(e.action_label, e.to_label) for e in cases.timeline(_actor('admin'), draft.id)]
    assert timeline == [('提交', '资料受理'), ('受理', 'CCAA决定'), ('批准', '已结束')]


def test_outside_the_block_the_service_is_gone(app_database: str) -> None:
    assert registry.find(CODE) is None
    with registry.registered(SERVICE):
        assert registry.get(CODE).online and registry.workflows()[CODE] is WORKFLOW
