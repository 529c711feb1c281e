"""证书注销申请 end to end in a real browser: auditor1 applies from the certificate's page, CCAA staff return it for
rectification, auditor1 adds a note and resubmits, staff see what changed and 批准, and 我的证书 and the public
verification page show the certificate as 已注销 (R11.1).

The journey runs on a server of its own: it cancels auditor1's certificate, which other journeys rely on.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PHONE, as_user, assert_fits, open_from_queue, running_server, screenshot

CERT_NO = 'CCAA-QMS-2024-00123'


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('cancellation-e2e'))) as url:
        yield url


def test_certificate_cancellation_from_application_to_the_public_page(browser: Browser, own_server: str) -> None:
    applicant = as_user(browser, own_server, 'auditor1')
    applicant.goto('/my/certificates')
    applicant.get_by_role('row', name=re.compile(CERT_NO)).get_by_role('link', name='查看').click()
    applicant.get_by_test_id('apply-cancellation').click()

    # 条件自检 → 证书注销申请: nothing chosen yet gives messages beside the fields
    expect(applicant.get_by_text(f'可以注销的证书：{CERT_NO}（QMS 审核员，有效）')).to_be_visible()
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_test_id('field-certificate_id')).to_contain_text(CERT_NO)
    case_no = applicant.get_by_test_id('case-no').inner_text().split('：')[1]
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请选择注销原因')).to_be_visible()
    expect(applicant.get_by_text('请阅读并勾选本人承诺')).to_be_visible()
    screenshot(applicant, 'cancellation-form-errors')
    applicant.get_by_test_id('field-reason').get_by_text('不再从事认证审核工作').click()
    expect(applicant.get_by_text('请选择注销原因')).to_have_count(0)
    applicant.get_by_test_id('field-declared').click()
    expect(applicant.get_by_text('请阅读并勾选本人承诺')).to_have_count(0)
    screenshot(applicant, 'cancellation-form')
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请核对申请信息')).to_be_visible()
    screenshot(applicant, 'cancellation-review-dialog')
    applicant.get_by_test_id('wizard-submit').click()
    expect(applicant.get_by_text('证书注销申请 业务已成功提交')).to_be_visible()

    # CCAA staff return it with an opinion
    staff = as_user(browser, own_server, 'admin')
    open_from_queue(staff, '/staff', case_no, '注销申请信息')
    expect(staff.get_by_test_id('application-facts')).to_contain_text('不再从事认证审核工作')
    staff.get_by_label('办理意见').fill('请在补充说明中写明今后的工作安排')
    staff.get_by_test_id('action-return').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    # auditor1 corrects it — on a phone — and resubmits
    phone = as_user(browser, own_server, 'auditor1', PHONE, mobile=True)
    phone.goto('/my/cases?tab=办理中')
    phone.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='编辑').click()
    expect(phone.get_by_text('意见：请在补充说明中写明今后的工作安排')).to_be_visible()
    phone.get_by_label('补充说明').fill('已调往公司质量管理岗位，不再从事认证审核工作')
    assert_fits(phone)
    screenshot(phone, 'cancellation-rectification-phone')
    phone.get_by_test_id('wizard-next').click()
    phone.get_by_test_id('wizard-submit').click()
    expect(phone.get_by_text('证书注销申请 业务已成功提交')).to_be_visible()

    # staff see what changed and approve
    open_from_queue(staff, '/staff', case_no, '注销申请信息')
    changes = staff.get_by_test_id('changes')
    expect(changes).to_contain_text('自第1轮退回整改以来的修改')
    expect(changes).to_contain_text('已调往公司质量管理岗位')
    screenshot(staff, 'cancellation-staff-review')
    staff.get_by_test_id('action-approve').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    # 我的证书 and the public page say 已注销, with the date
    applicant.goto('/my/certificates')
    row = applicant.get_by_role('row', name=re.compile(CERT_NO))
    expect(row).to_contain_text('已注销')
    row.get_by_role('link', name='查看').click()
    expect(applicant.get_by_text('注销日期')).to_be_visible()
    expect(applicant.get_by_test_id('apply-cancellation')).to_have_count(0)
    with applicant.context.expect_page() as opened:
        applicant.get_by_role('link', name='公开验证页面').click()
    verification = opened.value
    expect(verification.get_by_test_id('verify-status')).to_have_text('证书状态：已注销')
    screenshot(verification, 'cancellation-verification')
