"""The 年度确认申请 wizard (条件自检 → 年度确认申请 → 操作完成), what reviewers see of it, and the year it records."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from sqlmodel import select

from domain.demo import _actor
from domain.engine import cases, my_cases
from domain.services.annual_confirmation import application as applications
from storage.db import unit_of_work
from storage.tables import Certificate
from tests.ui.test_login import log_in
from tests.ui.test_my_cases import _assert_equal, eventually


def by_testid(user: User, kind: type, name: str):  # type: ignore[no-untyped-def]
    return next(e for e in user.find(kind).elements if e.props.get('data-testid') == f'field-{name}')


def drafts(account: str = 'auditor1') -> list[cases.CaseView]:
    return [c for c in my_cases.all_my_cases(_actor(account), my_cases.CaseQuery())
            if c.stage == 'draft' and c.service_code == 'annual_confirmation']


def confirm_year_of_qms(year: int | None) -> None:
    with unit_of_work(write=True) as session:
        certificate = session.exec(select(Certificate).where(Certificate.cert_no == 'CCAA-QMS-2024-00123')).one()
        certificate.last_confirmed_year = year
        session.add(certificate)


async def test_apply_from_precheck_to_done(user: User) -> None:
    await log_in(user, 'auditor1')
    await user.open('/services/annual_confirmation')  # 在线办理 leads to the wizard
    await user.should_see('年度确认申请　在线申请', retries=100)
    await user.should_see('需要进行年度确认的证书：CCAA-QMS-2024-00123（QMS 审核员）', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('* 证书信息', retries=100)
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    case = drafts()[0]
    assert by_testid(user, ui.select, 'certificate_id').value is not None  # the one due certificate, chosen
    assert by_testid(user, ui.select, 'confirm_year').value == applications.application(
        _actor('auditor1'), case.id).confirm_year

    user.find(kind=ui.button, content='下一步 >').click()  # nothing answered yet: messages beside the fields
    await eventually(lambda: _assert_equal(by_testid(user, ui.radio, 'has_complaints').error_label.text,
                                           '请选择是否有投诉记录'))
    for name, value in (('has_complaints', False), ('development_done', True), ('keeps_personal_qualities', True),
                        ('follows_code_of_conduct', True)):
        by_testid(user, ui.radio, name).set_value(value)
    by_testid(user, ui.input, 'development_start').set_value('2026-05-01')
    end = by_testid(user, ui.input, 'development_end')
    end.set_value('2026-04-30')
    await eventually(lambda: _assert_equal(end.props.get('error-message'), '专业发展结束时间不能早于专业发展开始时间'),
                     timeout=10)
    end.set_value('2026-05-0')  # half typed: kept on the page, not yet judged
    await eventually(lambda: _assert_equal(end.value, '2026-05-0'))
    end.set_value('2026-05-03')
    await eventually(lambda: _assert_equal(end.props.get('error-message'), None), timeout=10)
    by_testid(user, ui.textarea, 'development_content').set_value('参加标准换版培训 16 学时')
    user.find(kind=ui.button, content='暂存草稿').click()
    await user.should_see('草稿已保存，可在 个人中心 › 我的事项 › 草稿箱 中继续填报')
    saved = applications.application(_actor('auditor1'), case.id)
    assert (saved.has_complaints, str(saved.development_end), saved.development_content) == (
        False, '2026-05-03', '参加标准换版培训 16 学时')

    await user.open(f'/my/cases/{case.id}/edit')  # reopens at the step it was left at
    await user.should_see('* 证书信息', retries=100)
    await eventually(lambda: _assert_equal(by_testid(user, ui.textarea, 'development_content').value,
                                           '参加标准换版培训 16 学时'))
    await user.should_see(kind=ui.button, content='下一步 >', retries=50)
    user.find(kind=ui.button, content='下一步 >').click()
    await user.should_see('请核对申请信息', retries=100)
    user.find(kind=ui.button, content='提交').click()
    await user.should_see('年度确认申请 业务已成功提交', retries=100)
    await user.should_see('你可以前往用户中心-我的事项查看相关业务信息。')
    await user.should_see(kind=ui.button, content='完成')
    assert cases.get_case(_actor('auditor1'), case.id).stage == 'body_review'


async def test_without_a_due_certificate_the_page_says_so(user: User) -> None:
    await log_in(user)  # test1: the FSMS certificate the demo issued this year is not due
    await user.open('/apply/annual_confirmation')
    await user.should_see('您没有需要进行年度确认的证书', retries=100)
    user.find(kind=ui.button, content='下一步 >').click()
    await eventually(lambda: _assert_equal(drafts('test1'), []))

    # a draft left without a certificate, after the certificate was confirmed elsewhere: no form, the message
    view = applications.start(_actor('auditor1'))
    applications.save_info(_actor('auditor1'), view.case.id, certificate_id=None)
    confirm_year_of_qms(2026)
    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)
    await log_in(user, 'auditor1')
    await user.open(f'/apply/annual_confirmation/{view.case.id}?step=info')
    await user.should_see('证书快到期或者已过期，或有尚未确认的年度时，可以进行年度确认。', retries=100)
    await user.should_not_see('* 证书信息')


async def test_someone_elses_draft_is_not_found(user: User) -> None:
    view = applications.start(_actor('auditor1'))
    await log_in(user)
    await user.open(f'/apply/annual_confirmation/{view.case.id}')
    await user.should_see('未找到该业务', retries=100)


async def test_reviewers_see_the_application_and_approval_records_the_year(user: User) -> None:
    auditor = _actor('auditor1')
    view = applications.start(auditor)
    applications.save_info(auditor, view.case.id, has_complaints=False, development_done=True,
                           keeps_personal_qualities=True, follows_code_of_conduct=True, remarks='无')
    case = applications.submit(auditor, view.case.id)

    await log_in(user, 'cb1')
    await user.should_see('机构工作台', retries=50)
    await user.open(f'/institution/cases/{case.id}')
    await user.should_see('申请信息', retries=100)
    await user.should_see('CCAA-QMS-2024-00123（QMS 审核员）')
    await user.should_see('是否持续遵守CCAA审核员行为准则')
    await user.should_see('机构审核')
    await user.should_see(kind=ui.button, content='通过', retries=100)  # the page builds the 办理 panel last
    user.find(kind=ui.button, content='通过').click()
    await user.should_see('办理成功', retries=50)
    assert cases.get_case(auditor, case.id).stage == 'ccaa_review'

    admin = _actor('admin')
    case = cases.get_case(admin, case.id)
    cases.act(admin, case.id, 'pass', expected_version=case.version)
    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)
    await log_in(user, 'admin')
    await user.should_see('协会工作台', retries=50)
    await user.open(f'/staff/cases/{case.id}')
    await user.should_see(kind=ui.button, content='批准', retries=100)
    user.find(kind=ui.button, content='批准').click()
    await eventually(lambda: _assert_equal(cases.get_case(auditor, case.id).outcome, 'approved'), timeout=10)

    user.find('退出登录').click()
    await user.should_see('个人登录', retries=50)
    await log_in(user, 'auditor1')
    await user.open('/my/certificates')
    await eventually(lambda: _assert_equal([r['confirmed'] for r in user.find(ui.table).elements.pop().rows],
                                           ['2026 年度']), timeout=10)
