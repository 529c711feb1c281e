"""年度确认申请 end to end in a real browser: auditor1 applies (a draft kept and reopened on the way), cb1 passes it at
机构审核, CCAA staff 通过 and 批准 it, and 我的证书 and the public verification page show the confirmed year; the
wizard and the review page fit a phone.

The journey runs on a server of its own: it confirms auditor1's certificate, which other journeys expect to be due.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, as_user, assert_fits, open_from_queue, running_server, screenshot


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('annual-e2e'))) as url:
        yield url


def handle(page: Page, workspace: str, case_no: str) -> None:
    open_from_queue(page, workspace, case_no, '申请信息')


def test_annual_confirmation_from_application_to_the_confirmed_year(browser: Browser, own_server: str) -> None:
    applicant = as_user(browser, own_server, 'auditor1')

    # 条件自检 → 年度确认申请
    applicant.goto('/services/annual_confirmation')
    expect(applicant.get_by_text('需要进行年度确认的证书：CCAA-QMS-2024-00123（QMS 审核员）', exact=False)).to_be_visible()
    screenshot(applicant, 'annual-precheck')
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_test_id('field-certificate_id')).to_contain_text('CCAA-QMS-2024-00123（QMS 审核员）')
    case_no = applicant.get_by_test_id('case-no').inner_text().split('：')[1]
    applicant.get_by_test_id('wizard-next').click()  # nothing answered: the messages stand beside the questions
    expect(applicant.get_by_text('请选择是否有投诉记录')).to_be_visible()
    screenshot(applicant, 'annual-form-errors')
    applicant.get_by_test_id('field-has_complaints').get_by_text('否').click()
    expect(applicant.get_by_text('请选择是否有投诉记录')).to_have_count(0)
    for name in ('development_done', 'keeps_personal_qualities', 'follows_code_of_conduct'):
        applicant.get_by_test_id(f'field-{name}').get_by_text('是').click()
    applicant.get_by_label('专业发展开始时间').fill('2026-03-01')
    applicant.get_by_label('专业发展结束时间').fill('2026-02-27')
    expect(applicant.get_by_text('专业发展结束时间不能早于专业发展开始时间')).to_be_visible()
    applicant.get_by_label('专业发展结束时间').fill('2026-03-03')
    expect(applicant.get_by_text('专业发展结束时间不能早于专业发展开始时间')).to_have_count(0)
    applicant.get_by_label('专业发展内容').fill('参加 GB/T 19001-2016 标准换版培训 16 学时，完成监督审核 6 次')
    applicant.get_by_label('备注').fill('无')
    screenshot(applicant, 'annual-form')
    applicant.get_by_test_id('wizard-save').click()
    expect(applicant.get_by_text('草稿已保存', exact=False)).to_be_visible()

    # the draft on a phone: nothing sticks out sideways
    phone = as_user(browser, own_server, 'auditor1', PHONE, mobile=True)
    phone.goto('/my/cases?tab=草稿箱')
    phone.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='编辑').click()
    expect(phone.get_by_label('专业发展内容')).to_have_value(re.compile('标准换版培训'))
    assert_fits(phone)
    screenshot(phone, 'annual-form-phone')

    # reopen from 草稿箱 and submit
    applicant.goto('/my/cases?tab=草稿箱')
    applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='编辑').click()
    expect(applicant.get_by_label('专业发展结束时间')).to_have_value('2026-03-03')
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请核对申请信息')).to_be_visible()
    screenshot(applicant, 'annual-review-dialog')
    applicant.get_by_test_id('wizard-submit').click()
    expect(applicant.get_by_text('年度确认申请 业务已成功提交')).to_be_visible()
    expect(applicant.get_by_role('button', name='完成')).to_be_visible()
    screenshot(applicant, 'annual-done')

    # cb1 passes it at 机构审核
    body = as_user(browser, own_server, 'cb1')
    handle(body, '/institution', case_no)
    expect(body.get_by_test_id('application-facts')).to_contain_text('CCAA-QMS-2024-00123（QMS 审核员）')
    expect(body.get_by_text('参加 GB/T 19001-2016 标准换版培训 16 学时，完成监督审核 6 次')).to_be_visible()
    screenshot(body, 'annual-body-review')
    body.get_by_label('办理意见').fill('证书信息与执业记录一致')
    body.get_by_test_id('action-pass').click()
    expect(body).to_have_url(re.compile(r'/institution$'))

    # the review page on a phone
    body_phone = as_user(browser, own_server, 'admin', PHONE, mobile=True)
    body_phone.goto('/staff')
    body_phone.get_by_test_id('queue').first.locator('tbody tr', has_text=case_no) \
        .get_by_role('link', name='办理').click()
    expect(body_phone.get_by_text('申请信息', exact=True)).to_be_visible()
    assert_fits(body_phone)
    screenshot(body_phone, 'annual-staff-review-phone')

    # CCAA staff: 审批 通过, then 批准
    staff = as_user(browser, own_server, 'admin')
    for action in ('pass', 'approve'):
        handle(staff, '/staff', case_no)
        staff.get_by_test_id(f'action-{action}').click()
        expect(staff).to_have_url(re.compile(r'/staff$'))

    # auditor1: 已完结, and the certificate says 2026 年度 — in 我的证书 and on its public page
    applicant.goto('/my/cases?tab=已完结')
    expect(applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no)).to_contain_text('已完结')
    applicant.goto('/my/certificates')
    row = applicant.get_by_role('row', name=re.compile('CCAA-QMS-2024-00123'))
    expect(row).to_contain_text('2026 年度')
    screenshot(applicant, 'annual-certificates')
    row.get_by_role('link', name='查看').click()
    expect(applicant.get_by_text('2026 年度')).to_be_visible()
    with applicant.context.expect_page() as opened:
        applicant.get_by_role('link', name='公开验证页面').click()
    verification = opened.value
    expect(verification.get_by_test_id('verify-status')).to_have_text('证书状态：有效')
    expect(verification.get_by_text('2026 年度')).to_be_visible()
    screenshot(verification, 'annual-verification')

    # nothing is due any more: the wizard says so instead of showing the form
    applicant.goto('/apply/annual_confirmation')
    expect(applicant.get_by_text('您没有需要进行年度确认的证书')).to_be_visible()
    phone.goto('/apply/annual_confirmation')
    expect(phone.get_by_text('您没有需要进行年度确认的证书')).to_be_visible()
    assert_fits(phone)
    screenshot(phone, 'annual-nothing-due-phone')
