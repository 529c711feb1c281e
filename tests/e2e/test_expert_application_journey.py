"""专家申请 end to end in a real browser (R10.7): auditor1, who is no expert, applies with a 证明材料 file, CCAA staff
open it from their queue and 批准, and auditor1's user centre has 专家评价 from the next page on; the form fits a
phone.

The journey runs on a server of its own: it makes auditor1 an expert, which other journeys do not expect.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, as_user, assert_fits, open_from_queue, running_server, screenshot

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'
RESUME = '2014 年起从事质量管理体系认证审核，担任审核组长，熟悉机械制造和电子行业。'


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('expert-application-e2e'))) as url:
        yield url


def expert_menu_entry(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role('navigation', name='用户中心').get_by_role('link', name='专家评价')


def test_a_person_applies_for_expert_permission_and_staff_approve(browser: Browser, own_server: str) -> None:
    applicant = as_user(browser, own_server, 'auditor1')
    applicant.goto('/my/account')
    expect(applicant.get_by_role('navigation', name='用户中心').get_by_role('link', name='我的证书')).to_be_visible()
    expect(expert_menu_entry(applicant)).to_have_count(0)

    # 条件自检 → 专家申请: nothing answered yet gives messages beside the fields
    applicant.goto('/services/expert_application')
    expect(applicant.get_by_text('尚未具有专家权限')).to_be_visible()
    screenshot(applicant, 'expert-application-precheck')
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('* 专家申请信息')).to_be_visible()
    case_no = applicant.get_by_test_id('case-no').inner_text().split('：')[1]
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请至少选择一个申请专业领域')).to_be_visible()
    expect(applicant.get_by_text('请填写专业特长及工作简历')).to_be_visible()
    screenshot(applicant, 'expert-application-form-errors')

    applicant.get_by_test_id('field-fields').click()
    applicant.get_by_role('option', name='QMS 质量管理体系').click()
    applicant.get_by_role('option', name='EMS 环境管理体系').click()
    applicant.keyboard.press('Escape')
    expect(applicant.get_by_text('请至少选择一个申请专业领域')).to_have_count(0)
    applicant.get_by_test_id('field-title').click()
    applicant.get_by_role('option', name='副高级').click()
    applicant.get_by_label('从事认证相关工作年限').fill('61')
    expect(applicant.get_by_text('请填写0至60之间的整数')).to_be_visible()
    applicant.get_by_label('从事认证相关工作年限').fill('12')
    expect(applicant.get_by_text('请填写0至60之间的整数')).to_have_count(0)
    applicant.get_by_label('工作单位').fill('华信认证中心有限公司')
    applicant.get_by_label('专业特长及工作简历').fill(RESUME)
    applicant.locator('input[type=file]').set_input_files(
        files=[{'name': '高级工程师证书.pdf', 'mimeType': 'application/pdf', 'buffer': PDF}])
    expect(applicant.get_by_test_id('attachments').get_by_role('link', name='高级工程师证书.pdf')).to_be_visible()
    screenshot(applicant, 'expert-application-form')
    applicant.get_by_test_id('wizard-save').click()  # what is typed reaches the draft within a second; now for sure
    expect(applicant.get_by_text('草稿已保存', exact=False)).to_be_visible()

    phone = as_user(browser, own_server, 'auditor1', PHONE, mobile=True)  # the draft on a phone
    phone.goto('/my/cases?tab=草稿箱')
    phone.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='编辑').click()
    expect(phone.get_by_label('专业特长及工作简历')).to_have_value(RESUME)
    assert_fits(phone)
    screenshot(phone, 'expert-application-form-phone')

    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请核对申请信息')).to_be_visible()
    expect(applicant.get_by_text('QMS 质量管理体系、EMS 环境管理体系')).to_be_visible()
    screenshot(applicant, 'expert-application-review-dialog')
    applicant.get_by_test_id('wizard-submit').click()
    expect(applicant.get_by_text('专家申请 业务已成功提交')).to_be_visible()

    # CCAA staff see the application with its 证明材料 and approve
    staff = as_user(browser, own_server, 'admin')
    open_from_queue(staff, '/staff', case_no, '专家申请信息')
    facts = staff.get_by_test_id('application-facts')
    expect(facts).to_contain_text('副高级')
    expect(facts).to_contain_text('12 年')
    expect(staff.get_by_role('link', name='高级工程师证书.pdf')).to_have_attribute('href', re.compile(r'^/files/\d+$'))
    screenshot(staff, 'expert-application-staff-review')
    staff.get_by_test_id('action-approve').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    # the next page auditor1 opens has 专家评价 in the user centre
    applicant.goto('/my/account')
    expect(expert_menu_entry(applicant)).to_be_visible()
    expert_menu_entry(applicant).click()
    expect(applicant).to_have_url(re.compile(r'/my/expert$'))
    expect(applicant.get_by_test_id('queue')).to_be_visible()
    screenshot(applicant, 'expert-application-expert-menu')
