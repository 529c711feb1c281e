"""The 证书注销申请 wizard (条件自检 → 证书注销申请 → 操作完成), what CCAA staff see of it, and the certificate
shown as 已注销 after 批准 (R11.1)."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.demo import _actor
from domain.engine import cases, my_cases
from domain.services.certificate_cancellation import application as applications
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def by_testid(user: User, kind: type, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == f'field-{name}')


def drafts(account: str = 'auditor1') -> list[cases.CaseView]:
    return [c for c in my_cases.all_my_cases(_actor(account), my_cases.CaseQuery())
            if c.stage == 'draft' and c.service_code == 'certificate_cancellation']


async def test_apply_from_the_certificate_page_to_done(user: User) -> None:
    await log_in(user, 'auditor1')
    certificate_id = applications.cancellable_certificates(_actor('auditor1'))[0].id
    await user.open(f'/my/certificates/{certificate_id}')
    await user.should_see('申请注销证书', retries=100)
    user.find('申请注销证书').click()
    await user.should_see('证书注销申请　在线申请', retries=100)
    await user.should_see('可以注销的证书：CCAA-QMS-2024-00123（QMS 审核员，有效）', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 注销证书', retries=100)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    case = drafts()[0]
    assert by_testid(user, ui.select, 'certificate_id').value == certificate_id  # the only one, chosen

    user.find(kind=ui.button, content='下一步 >').click()  # nothing answered yet: messages beside the fields
    await eventually(lambda: _assert_equal(by_testid(user, ui.radio, 'reason').error_label.text, '请选择注销原因'))
    await eventually(lambda: _assert_equal(by_testid(user, ui.checkbox, 'declared').error_label.text,
                                           '请阅读并勾选本人承诺'))
    by_testid(user, ui.radio, 'reason').set_value('其他')
    by_testid(user, ui.checkbox, 'declared').set_value(True)
    await eventually(lambda: _assert_equal(
        (applications.application(_actor('auditor1'), case.id).reason,
         applications.application(_actor('auditor1'), case.id).declared), ('其他', True)))  # saved as chosen
    user.find(kind=ui.button, content='下一步 >').click()
    await eventually(lambda: _assert_equal(by_testid(user, ui.textarea, 'note').props.get('error-message'),
                                           '注销原因为【其他】时，补充说明为必填'))
    by_testid(user, ui.textarea, 'note').set_value('已退休')
    user.find(kind=ui.button, content='暂存草稿').click()  # saves the note that was typed but never left
    await user.should_see('草稿已保存，可在 个人中心 › 我的事项 › 草稿箱 中继续填报')
    saved = applications.application(_actor('auditor1'), case.id)
    assert (saved.reason, saved.note, saved.declared) == ('其他', '已退休', True)

    await user.open(f'/my/cases/{case.id}/edit')  # reopens at the step it was left at
    await user.should_see('* 注销证书', retries=100)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    await user.should_see('已确认')
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('证书注销申请 业务已成功提交', retries=100)
    assert cases.get_case(_actor('auditor1'), case.id).stage == 'ccaa_review'


async def test_without_a_certificate_the_precheck_fails(user: User) -> None:
    await log_in(user, 'expert1')
    await user.open('/apply/certificate_cancellation')
    await user.should_see('您没有可以注销的证书', retries=100)
    user.find(kind=ui.button, content='下一步 >').click()
    await eventually(lambda: _assert_equal(drafts('expert1'), []))


async def test_staff_approve_and_the_certificate_shows_cancelled(user: User) -> None:
    auditor = _actor('auditor1')
    view = applications.start(auditor)
    applications.save_info(auditor, view.case.id, reason='不再从事认证审核工作', note='转岗', declared=True)
    case = applications.submit(auditor, view.case.id)

    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await user.open(f'/staff/cases/{case.id}')
    await user.should_see('注销申请信息', retries=100)
    await user.should_see('不再从事认证审核工作')
    await user.should_see('转岗')
    await user.should_see(kind=ui.button, content='批准', retries=100)
    user.find(kind=ui.button, content='批准').click()
    await eventually(lambda: _assert_equal(cases.get_case(auditor, case.id).outcome, 'approved'), timeout=10)

    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)
    await log_in(user, 'auditor1')
    await user.open('/my/certificates')
    await eventually(lambda: _assert_equal([r['status'] for r in user.find(ui.table).elements.pop().rows],
                                           ['已注销']), timeout=10)
