"""人员转换执业机构 end to end in a real browser: auditor1 asks to move from body A to body B with a PDF, cb1 (转出机构)
and cb2 (转入机构) pass it, CCAA staff pass and approve it, and 我的证书 shows the new body; the wizard fits a phone.

The journey runs on a server of its own: it moves auditor1's certificate, which other journeys expect at body A.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, as_user, assert_fits, open_from_queue, running_server, screenshot

PDF = b'%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'
@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('transfer-e2e'))) as url:
        yield url


def handle(page: Page, workspace: str, case_no: str) -> None:
    open_from_queue(page, workspace, case_no, '转会申请信息')


def test_transfer_from_application_to_the_new_body(browser: Browser, own_server: str) -> None:
    applicant = as_user(browser, own_server, 'auditor1')

    # 条件自检 → 人员转会申请
    applicant.goto('/services/transfer')
    expect(applicant.get_by_text('持有有效证书，执业机构：华信认证中心有限公司')).to_be_visible()
    screenshot(applicant, 'transfer-precheck')
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('转会申请信息', exact=True)).to_be_visible()
    case_no = applicant.get_by_test_id('case-no').inner_text().split('：')[1]
    expect(applicant.get_by_label('档案号')).to_have_value('QMS-2024-00123')
    expect(applicant.get_by_label('证件号码')).to_have_value('110***********0020')
    expect(applicant.get_by_label('* 转出机构')).to_have_value('华信认证中心有限公司')

    applicant.get_by_label('* 转入机构').fill('中正')
    applicant.get_by_role('option', name='中正认证有限公司').click()
    applicant.get_by_label('转会理由').click()
    applicant.get_by_role('option', name='其他').click()
    applicant.get_by_test_id('wizard-next').click()
    # the message itself (role=alert), not the field's hint of the same words: typing before the refusal arrives
    # would race the server's update of the field
    expect(applicant.get_by_role('alert').filter(has_text='补充说明为必填')).to_be_visible()
    applicant.get_by_label('补充说明').fill('家庭迁居，需在新机构所在地执业。')
    applicant.locator('input[type=file]').set_input_files(
        files=[{'name': '离职证明.pdf', 'mimeType': 'application/pdf', 'buffer': PDF}])
    expect(applicant.get_by_text('已上传：离职证明.pdf')).to_be_visible()
    screenshot(applicant, 'transfer-form')

    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请核对申请信息')).to_be_visible()
    screenshot(applicant, 'transfer-review')
    applicant.get_by_test_id('wizard-submit').click()
    expect(applicant.get_by_text('人员转换执业机构 业务已成功提交')).to_be_visible()
    screenshot(applicant, 'transfer-done')

    # 转出机构审核 by cb1, 转入机构审核 by cb2 (each only at its own stage)
    cb2 = as_user(browser, own_server, 'cb2')
    cb2.goto('/institution')
    expect(cb2.get_by_test_id('queue').first.locator('tbody tr', has_text=case_no)).to_have_count(0)
    cb1 = as_user(browser, own_server, 'cb1')
    handle(cb1, '/institution', case_no)
    expect(cb1.get_by_test_id('reason-file')).to_have_text('离职证明.pdf')
    screenshot(cb1, 'transfer-from-body-review')
    cb1.get_by_test_id('action-pass').click()
    expect(cb1).to_have_url(re.compile(r'/institution$'))
    handle(cb2, '/institution', case_no)
    expect(cb2.get_by_text('转入机构审核').first).to_be_visible()
    cb2.get_by_label('办理意见').fill('同意接收。')
    cb2.get_by_test_id('action-pass').click()
    expect(cb2).to_have_url(re.compile(r'/institution$'))

    # CCAA审核 → CCAA决定
    staff = as_user(browser, own_server, 'admin')
    for action in ('pass', 'approve'):
        handle(staff, '/staff', case_no)
        if action == 'approve':
            screenshot(staff, 'transfer-decision')
        staff.get_by_test_id(f'action-{action}').click()
        expect(staff).to_have_url(re.compile(r'/staff$'))

    # the certificate now names the receiving body
    applicant.goto('/my/certificates')
    expect(applicant.get_by_role('cell', name='中正认证有限公司')).to_be_visible()
    screenshot(applicant, 'transfer-certificates')
    applicant.goto('/my/cases')
    row = applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no)
    expect(row).to_contain_text('已完结')
    case_path = row.get_by_role('link', name='查看').get_attribute('href')
    assert case_path is not None
    case_id = case_path.rstrip('/').rsplit('/', 1)[-1]

    # a phone: the wizard and the handled case fit without sideways scrolling
    phone = as_user(browser, own_server, 'auditor1', PHONE, mobile=True)
    phone.goto('/apply/transfer')
    expect(phone.get_by_text('持有有效证书，执业机构：中正认证有限公司')).to_be_visible()
    assert_fits(phone)
    phone.get_by_test_id('wizard-next').click()
    expect(phone.get_by_text('转会申请信息', exact=True)).to_be_visible()
    expect(phone.get_by_label('* 转出机构')).to_have_value('中正认证有限公司')
    assert_fits(phone)
    screenshot(phone, 'transfer-form-phone')
    staff_phone = as_user(browser, own_server, 'cb1', PHONE, mobile=True)
    staff_phone.goto('/institution')
    staff_phone.get_by_role('tab', name='全部业务').click()
    expect(staff_phone.get_by_text(case_no)).to_be_visible()
    assert_fits(staff_phone)
    staff_phone.goto(f'/institution/cases/{case_id}')
    expect(staff_phone.get_by_text('转会申请信息', exact=True)).to_be_visible()
    assert_fits(staff_phone)
    screenshot(staff_phone, 'transfer-case-phone')

    # someone without a certificate is told why instead of getting the form
    outsider = as_user(browser, own_server, 'expert1')
    outsider.goto('/services/transfer')
    expect(outsider.get_by_test_id('not-eligible')).to_contain_text('只有持有有效证书的认证人员可以申请人员转换执业机构')
    expect(outsider.get_by_text('转会申请信息')).to_have_count(0)
    screenshot(outsider, 'transfer-not-eligible')
