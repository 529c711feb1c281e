"""认证人员注册全国统一考试报名 end to end in a real browser (R9.2, R9.3): teacher1 registers for the demo's coming exam
with a photo, CCAA staff accept the registration, and 我的考试 shows it 报名成功 with its 准考证号; the form fits a
phone.

The journey runs on a server of its own: it takes a seat that other journeys count.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import PHONE, as_user, assert_fits, open_from_queue, running_server, screenshot


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('exam-e2e'))) as url:
        yield url


def portrait() -> bytes:
    """A 4:3 landscape picture: the ID photo is cut from its middle."""
    buffer = io.BytesIO()
    image = Image.new('RGB', (1200, 900), (210, 225, 240))
    image.paste((60, 60, 70), (450, 200, 750, 700))
    image.save(buffer, format='JPEG')
    return buffer.getvalue()


def test_register_for_an_exam_and_get_the_admission_number(browser: Browser, own_server: str) -> None:
    candidate = as_user(browser, own_server, 'teacher1')
    candidate.goto('/services/exam_registration')
    expect(candidate.get_by_test_id('notice')).to_contain_text('考前说明')
    candidate.get_by_test_id('wizard-next').click()
    expect(candidate.get_by_text('报考信息填写')).to_be_visible()
    case_no = candidate.get_by_test_id('case-no').inner_text().split('：')[1]
    expect(candidate.get_by_test_id('candidate')).to_contain_text('陈静')

    candidate.get_by_label('* 考试列表').click()
    candidate.get_by_role('option', name=re.compile('环境管理体系')).click()
    candidate.get_by_label('* 拟报考城市').click()
    candidate.get_by_role('option', name=re.compile('上海（剩余')).click()
    candidate.locator('[data-testid=photo-upload] input[type=file]').set_input_files(
        files=[{'name': '证件照.jpg', 'mimeType': 'image/jpeg', 'buffer': portrait()}])
    expect(candidate.get_by_role('img', name='证件照')).to_be_visible()
    candidate.get_by_label('* 民族').click()
    candidate.get_by_role('option', name='汉族', exact=True).click()
    candidate.get_by_label('* 学历').click()
    candidate.get_by_role('option', name='硕士研究生', exact=True).click()
    candidate.get_by_label('* 居住城市').fill('上海')
    candidate.get_by_label('* 工作单位').fill('华夏认证培训中心')
    screenshot(candidate, 'exam-registration-form')
    candidate.get_by_test_id('wizard-save').click()  # what is typed reaches the draft within a second; now for sure
    expect(candidate.get_by_text('草稿已保存', exact=False)).to_be_visible()

    phone = as_user(browser, own_server, 'teacher1', PHONE, mobile=True)
    phone.goto('/my/cases?tab=草稿箱')
    phone.get_by_test_id('cases-table').locator('tbody tr', has_text=case_no).get_by_role('link', name='编辑').click()
    expect(phone.get_by_label('* 工作单位')).to_have_value('华夏认证培训中心')
    assert_fits(phone)
    screenshot(phone, 'exam-registration-form-phone')

    candidate.get_by_test_id('wizard-next').click()
    expect(candidate.get_by_text('请核对申请信息')).to_be_visible()
    candidate.get_by_test_id('wizard-submit').click()
    expect(candidate.get_by_text('认证人员注册全国统一考试报名 业务已成功提交')).to_be_visible()

    staff = as_user(browser, own_server, 'admin')
    open_from_queue(staff, '/staff', case_no, '报名信息')
    expect(staff.get_by_test_id('application-facts')).to_contain_text('华夏认证培训中心')
    expect(staff.get_by_role('img', name='证件照')).to_be_visible()
    screenshot(staff, 'exam-registration-review')
    staff.get_by_test_id('action-approve').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    candidate.goto('/my/exams')
    row = candidate.get_by_test_id('my-exams').locator('tbody tr', has_text='环境管理体系')
    expect(row).to_contain_text('报名成功')
    expect(row).to_contain_text(re.compile(r'\d{8}020032'))  # the date, 上海 (2nd city), after the demo's 0031
    screenshot(candidate, 'exam-registration-my-exams')
