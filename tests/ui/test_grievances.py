"""The 申诉 and 投诉 wizards (须知 → 填写信息 → 操作完成) and what staff and the expert see (R8)."""
from __future__ import annotations

import io

from nicegui import ui
from nicegui.testing import User
from PIL import Image

from domain.demo import _actor
from domain.engine import cases, my_cases
from domain.services.grievances import application as grievances
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def by_testid(user: User, kind: type, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == f'field-{name}')


def drafts(service: str, account: str = 'test1') -> list[cases.CaseView]:
    return [c for c in my_cases.all_my_cases(_actor(account), my_cases.CaseQuery())
            if c.stage == 'draft' and c.service_code == service]


async def test_a_complaint_from_the_notice_to_done_saving_what_is_typed(user: User) -> None:
    await log_in(user)
    await user.open('/services/complaint')  # 在线办理 leads to the wizard
    await user.should_see('投诉　在线申请', retries=100)
    await user.should_see('投诉须知', retries=50)
    await user.should_see('实名认证')
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 投诉信息', retries=100)
    case = drafts('complaint')[0]

    user.find(kind=ui.button, content='下一步 >').click()  # nothing typed: a message beside each required field
    await eventually(lambda: _assert_equal(by_testid(user, ui.input, 'subject').props.get('error-message'),
                                           '请填写投诉主题'))
    await eventually(lambda: _assert_equal(by_testid(user, ui.textarea, 'request').props.get('error-message'),
                                           '请填写投诉请求'))
    by_testid(user, ui.input, 'subject').set_value('审核组长要求额外费用')
    by_testid(user, ui.input, 'related_case_no').set_value('123')
    await eventually(lambda: _assert_equal(by_testid(user, ui.input, 'related_case_no').props.get('error-message'),
                                           '业务号为14位数字'), timeout=10)
    by_testid(user, ui.input, 'related_case_no').set_value('')
    # typed, never left: saved within a second all the same
    await eventually(lambda: _assert_equal(grievances.application(_actor('test1'), case.id).subject,
                                           '审核组长要求额外费用'), timeout=10)
    await eventually(lambda: _assert_equal(by_testid(user, ui.input, 'subject').props.get('error-message'), None))
    by_testid(user, ui.input, 'respondent').set_value('某认证公司 张某')
    by_testid(user, ui.textarea, 'facts').set_value('现场审核时要求支付“加急费”。')
    by_testid(user, ui.textarea, 'request').set_value('请求调查处理')
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    await user.should_see('某认证公司 张某')
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('投诉 业务已成功提交', retries=100)
    assert cases.get_case(_actor('test1'), case.id).stage_label == '投诉受理'


async def test_the_expert_chooses_an_appeals_result(user: User) -> None:
    applicant, admin, expert = _actor('test1'), _actor('admin'), _actor('expert1')
    view = grievances.start(applicant, 'appeal')
    grievances.save_info(applicant, view.case.id, subject='对不予注册决定的申诉', respondent='CCAA 注册决定',
                         facts='工作经历计算有误', request='请求重新评价')
    case = grievances.submit(applicant, view.case.id)
    cases.act(admin, case.id, 'assign_expert', expected_version=case.version, expert_id=expert.user_id)

    await log_in(user, 'expert1')
    await user.open(f'/expert/cases/{case.id}')
    await user.should_see('申诉信息', retries=100)
    await user.should_see('工作经历计算有误')
    await user.should_see(kind=ui.button, content='提交', retries=100)
    result = next(s for s in user.find(ui.select).elements if s.props.get('label') == '评价结果')
    assert list(result.options) == ['申诉成立', '申诉部分成立', '申诉不成立']
    result.set_value('申诉不成立')
    next(t for t in user.find(ui.textarea).elements if t.props.get('label') == '专家评价意见') \
        .set_value('工作经历计算无误')
    user.find(kind=ui.button, content='提交').click()
    await eventually(lambda: _assert_equal(cases.get_case(admin, case.id).stage_label, 'CCAA处理意见'), timeout=10)


async def test_an_institution_account_files_from_its_workspace(user: User) -> None:
    await log_in(user, 'cb1')
    await user.should_see('机构工作台', retries=50)
    await user.should_see('发起申诉', retries=100)
    user.find('发起投诉').click()
    await user.should_see('以机构名义提交：华信认证中心有限公司', retries=100)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 投诉信息', retries=100)
    assert [c.service_code for c in my_cases.all_my_cases(_actor('cb1'), my_cases.CaseQuery())] == ['complaint']
    await user.open('/my/cases')
    await user.should_see('我的事项', retries=100)
    await user.should_see('机构工作台')  # its menu: the workspace, its own cases, its account
    await user.should_not_see('我的证书')


async def test_a_file_name_with_quotes_stays_text(user: User) -> None:
    """An attachment's name is shown and read out as it is: a quote in it opens no attribute of its own."""
    buffer = io.BytesIO()
    Image.new('RGB', (4, 4), 'white').save(buffer, format='PNG')
    name = 'x" :data-pwn="1" y=".png'
    await log_in(user)
    await user.open('/apply/complaint')
    await user.should_see(kind=ui.button, content='下一步 >', retries=100)  # drawn after 条件自检's conditions
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 投诉信息', retries=100)
    await user.should_see(kind=ui.upload, retries=100)
    upload = user.find(ui.upload).elements.pop()
    await upload.handle_uploads([ui.upload.SmallFileUpload(name, 'image/png', buffer.getvalue())])
    await user.should_see(kind=ui.link, content=name, retries=50)
    [remove] = [b for b in user.find(kind=ui.button, content='删除').elements if b.text == '删除']  # not 删除草稿
    assert remove.props['aria-label'] == f'删除{name}'
    assert not any('pwn' in key for key in remove.props)
