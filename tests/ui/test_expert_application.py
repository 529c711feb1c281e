"""The 专家申请 wizard (条件自检 → 专家申请 → 操作完成), what CCAA staff see of it, and 专家评价 in the user centre
once they approve (R10.7)."""
from __future__ import annotations

import io

from nicegui import ui
from nicegui.testing import User
from PIL import Image

from domain.demo import _actor
from domain.engine import cases, my_cases
from domain.services.expert_application import application as applications
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(buffer, format='PNG')
    return buffer.getvalue()


def by_testid(user: User, kind: type, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == f'field-{name}')


def drafts(account: str = 'auditor1') -> list[cases.CaseView]:
    return [c for c in my_cases.all_my_cases(_actor(account), my_cases.CaseQuery())
            if c.stage == 'draft' and c.service_code == 'expert_application']


def saved(case_id: int) -> tuple[object, ...]:
    view = applications.application(_actor('auditor1'), case_id)
    return view.fields, view.title, view.employer, view.years, view.resume


async def test_apply_from_the_catalogue_to_done(user: User) -> None:
    await log_in(user, 'auditor1')
    await user.open('/services/expert_application')  # 在线办理 leads to the wizard
    await user.should_see('专家申请　在线申请', retries=100)
    await user.should_see('尚未具有专家权限', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 专家申请信息', retries=100)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    case = drafts()[0]

    user.find(kind=ui.button, content='下一步 >').click()  # nothing answered yet: messages beside the fields
    await eventually(lambda: _assert_equal(by_testid(user, ui.select, 'fields').props.get('error-message'),
                                           '请至少选择一个申请专业领域'))
    await eventually(lambda: _assert_equal(by_testid(user, ui.number, 'years').props.get('error-message'),
                                           '请填写从事认证相关工作年限'))
    by_testid(user, ui.select, 'fields').set_value(['EMS', 'QMS'])
    by_testid(user, ui.select, 'title').set_value('中级')
    by_testid(user, ui.number, 'years').set_value(61)
    await eventually(lambda: _assert_equal(by_testid(user, ui.number, 'years').props.get('error-message'),
                                           '请填写0至60之间的整数'))
    user.find(kind=ui.button, content='下一步 >').click()  # the refused value is still in its field
    await user.should_see('请完善申请信息')
    by_testid(user, ui.number, 'years').set_value(8)
    by_testid(user, ui.input, 'employer').set_value('华信认证中心有限公司')
    by_testid(user, ui.textarea, 'resume').set_value('从事环境管理体系审核八年。')
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload('职称证书.pdf', 'application/pdf', b'not a pdf')])
    await user.should_see('仅支持 JPG、PNG 或 PDF 文件', retries=50)
    await upload.handle_uploads([ui.upload.SmallFileUpload('职称证书.png', 'image/png', png())])
    await user.should_see(kind=ui.link, content='职称证书.png', retries=50)
    # chosen and typed (never left): saved all the same
    await eventually(lambda: _assert_equal(saved(case.id), (
        ('QMS', 'EMS'), '中级', '华信认证中心有限公司', 8, '从事环境管理体系审核八年。')), timeout=10)

    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    await user.should_see('QMS 质量管理体系、EMS 环境管理体系')
    await user.should_see('8 年')
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('专家申请 业务已成功提交', retries=100)
    assert cases.get_case(_actor('auditor1'), case.id).stage == 'ccaa_review'


async def test_an_expert_is_told_there_is_nothing_to_apply_for(user: User) -> None:
    await log_in(user, 'expert1')
    await user.open('/apply/expert_application')
    await user.should_see('您已具有专家权限，无需申请', retries=100)
    user.find(kind=ui.button, content='下一步 >').click()
    await eventually(lambda: _assert_equal(drafts('expert1'), []))


async def test_staff_approve_and_the_applicant_gets_the_expert_menu(user: User) -> None:
    auditor = _actor('auditor1')
    view = applications.start(auditor)
    applications.attach(auditor, view.case.id, '高级工程师证书.png', png())
    applications.save_info(auditor, view.case.id, fields=['QMS'], title='副高级', employer='华信认证中心有限公司',
                           years=12, resume='审核组长，十二年质量管理体系审核经历。')
    case = applications.submit(auditor, view.case.id)

    await log_in(user, 'auditor1')
    await user.open('/my/account')
    # the user centre's menu is one element of markup (ui.side_menu): its entries are links in it
    await user.should_see(kind=ui.html, content='>我的证书</a>', retries=100)
    await user.should_not_see(kind=ui.html, content='>专家评价</a>')
    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)

    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await user.open(f'/staff/cases/{case.id}')
    await user.should_see('专家申请信息', retries=100)
    await user.should_see('QMS 质量管理体系')
    await user.should_see('12 年')
    await user.should_see('审核组长，十二年质量管理体系审核经历。')
    evidence = user.find(kind=ui.link, content='高级工程师证书.png').elements.pop()
    assert evidence.props['href'] == f'/files/{applications.application(auditor, case.id).attachments[0].file_id}'
    await user.should_see(kind=ui.button, content='批准', retries=100)
    user.find(kind=ui.button, content='批准').click()
    await eventually(lambda: _assert_equal(cases.get_case(auditor, case.id).outcome, 'approved'), timeout=10)

    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)
    await log_in(user, 'auditor1')
    await user.open('/my/account')
    await user.should_see(kind=ui.html, content='>专家评价</a>', retries=100)
    await user.open('/my/expert')
    await user.should_see('人员注册', retries=100)  # the expert's queue, not 您没有专家权限
