"""申诉 end to end in a real browser (R8, manual §3.4): test1 files an appeal with an attachment, CCAA staff accept it
and assign expert1, expert1 opens the message and evaluates, staff conclude with a 处理意见, and test1 reads that
opinion in the message centre and sees the case 已完结; the form fits a phone.

The journey runs on a server of its own: other journeys count test1's cases.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PHONE, as_user, assert_fits, open_from_queue, running_server, screenshot

PDF = b'%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'
OPINION = '经专家评价，申诉成立：原决定计算工作经历有误，已撤销，请重新提交人员注册申请。'


@pytest.fixture(scope='module')
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('appeal-e2e'))) as url:
        yield url


def test_an_appeal_from_filing_to_the_opinion_fed_back(browser: Browser, server: str) -> None:
    applicant = as_user(browser, server, 'test1')
    applicant.goto('/services/appeal')
    expect(applicant.get_by_test_id('notice')).to_contain_text('申诉须知')
    screenshot(applicant, 'appeal-notice')
    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('* 申诉信息')).to_be_visible()
    case_no = applicant.get_by_test_id('case-no').inner_text().split('：')[1]
    applicant.get_by_test_id('wizard-next').click()  # nothing typed: the messages stand beside the fields
    expect(applicant.get_by_text('请填写申诉主题')).to_be_visible()
    applicant.get_by_label('申诉主题').fill('对人员注册不予注册决定的申诉')
    applicant.get_by_label('申诉对象').fill('CCAA 人员注册决定')
    applicant.get_by_label('事实与理由').fill('本人在北京精工制造有限公司的质量管理工作经历为 5 年，决定中按 3 年计算。')
    applicant.get_by_label('申诉请求').fill('请求重新评价工作经历并撤销原决定')
    applicant.locator('input[type=file]').set_input_files(
        files=[{'name': '劳动合同.pdf', 'mimeType': 'application/pdf', 'buffer': PDF}])
    expect(applicant.get_by_test_id('attachments').get_by_role('link', name='劳动合同.pdf')).to_be_visible()
    expect(applicant.get_by_text('请填写申诉主题')).to_have_count(0)
    screenshot(applicant, 'appeal-form')
    applicant.get_by_test_id('wizard-save').click()  # what is typed reaches the draft within a second; now for sure
    expect(applicant.get_by_text('草稿已保存', exact=False)).to_be_visible()

    phone = as_user(browser, server, 'test1', PHONE, mobile=True)  # the draft, typed on a desktop, on a phone
    phone.goto('/my/cases?tab=草稿箱')
    phone.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='编辑').click()
    expect(phone.get_by_label('申诉请求')).to_have_value('请求重新评价工作经历并撤销原决定')
    assert_fits(phone)
    screenshot(phone, 'appeal-form-phone')

    applicant.get_by_test_id('wizard-next').click()
    expect(applicant.get_by_text('请核对申请信息')).to_be_visible()
    applicant.get_by_test_id('wizard-submit').click()
    expect(applicant.get_by_text('申诉 业务已成功提交')).to_be_visible()

    # CCAA staff accept it and assign expert1
    staff = as_user(browser, server, 'admin')
    open_from_queue(staff, '/staff', case_no, '申诉信息')
    expect(staff.get_by_test_id('application-facts')).to_contain_text('CCAA 人员注册决定')
    expect(staff.get_by_role('link', name='劳动合同.pdf')).to_be_visible()
    staff.get_by_label('分配专家（分配专家时必选）').click()
    staff.get_by_role('option', name='赵强').click()
    screenshot(staff, 'appeal-acceptance')
    staff.get_by_test_id('action-assign_expert').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    # expert1 opens the message and evaluates
    expert = as_user(browser, server, 'expert1')
    expert.get_by_test_id('message-count').click()
    expert.get_by_text(f'您有一条业务流水号【{case_no}】的申诉需要评价').click()
    expect(expert.get_by_text('申诉信息', exact=True)).to_be_visible()
    expert.get_by_label('评价结果').click()
    expert.get_by_role('option', name='申诉成立', exact=True).click()
    expert.get_by_label('专家评价意见').fill('劳动合同显示工作经历为 5 年，原决定计算有误。')
    screenshot(expert, 'appeal-expert-evaluation')
    expert.get_by_test_id('evaluation-submit').click()
    expect(expert).to_have_url(re.compile(r'/my/expert$'))

    # staff conclude with the opinion that goes back to the appellant
    open_from_queue(staff, '/staff', case_no, '申诉信息')
    expect(staff.get_by_text('评价结果：申诉成立', exact=False).first).to_be_visible()
    staff.get_by_label('处理意见').fill(OPINION)  # the manual's word at CCAA处理意见
    staff.get_by_test_id('action-conclude').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    applicant.goto('/my/messages?kind=notice')
    expect(applicant.get_by_text(f'您的业务【{case_no}】申诉已办结：已处理')).to_be_visible()
    applicant.goto('/my/cases?tab=已完结')
    row = applicant.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no)
    expect(row).to_contain_text('已完结')
    row.get_by_role('link', name='查看').click()
    expect(applicant.get_by_text(OPINION).first).to_be_visible()
    screenshot(applicant, 'appeal-closed')
