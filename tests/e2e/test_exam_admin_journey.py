"""考试管理 end to end in a real browser (R9.1): CCAA staff publish an exam that candidates can then choose, enter a
score from the row of an exam, publish the scores, and the candidate reads it in 我的考试.

The journey runs on a server of its own: it publishes test1's score, which other journeys expect unpublished.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import as_user, running_server, screenshot


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('exam-admin-e2e'))) as url:
        yield url


def test_staff_publish_an_exam_and_its_scores(browser: Browser, own_server: str) -> None:
    staff = as_user(browser, own_server, 'admin')
    staff.get_by_test_id('exam-admin').click()
    staff.get_by_test_id('publish-exam').click()
    staff.get_by_label('* 考试名称').fill('2027年第二次认证人员注册全国统一考试')
    staff.get_by_label('* 考试科目').fill('认证通用基础')
    staff.get_by_label('* 报名开始日期').fill('2026-11-01')
    staff.get_by_label('* 报名截止日期').fill('2099-12-31')
    staff.get_by_label('* 考试日期').fill('2099-06-30')
    staff.get_by_label('* 考试城市及考位').fill('北京,100\n西安,40')
    staff.get_by_test_id('publish-submit').click()
    expect(staff.get_by_text('考试日期应在报名截止日期之后')).to_be_visible()
    staff.get_by_label('* 考试日期').fill('2100-01-16')
    screenshot(staff, 'exam-admin-publish')
    staff.get_by_test_id('publish-submit').click()
    exams = staff.get_by_test_id('exams')
    expect(exams.locator('tbody tr', has_text='2027年第二次')).to_contain_text('0/140')

    candidate = as_user(browser, own_server, 'test1')
    candidate.goto('/apply/exam_registration')
    expect(candidate.get_by_text(re.compile('正在报名的考试：.*2027年第二次认证人员注册全国统一考试'))).to_be_visible()

    row = exams.locator('tbody tr', has_text='环境管理体系')  # the demo's coming exam, where test1 has a seat
    row.get_by_text('录入成绩').click()
    admission = candidate_admission(candidate)
    staff.get_by_test_id('scores-text').fill(f'准考证号,成绩\n{admission},91')
    staff.get_by_test_id('scores-submit').click()
    expect(row).to_contain_text('已录入 1/1')
    row.get_by_text('公布成绩').click()
    staff.get_by_role('button', name='公布', exact=True).click()
    expect(row).to_contain_text('已公布')
    screenshot(staff, 'exam-admin-list')

    candidate.goto('/my/exams')
    expect(candidate.get_by_test_id('my-exams').locator('tbody tr', has_text='环境管理体系')).to_contain_text('91')


def candidate_admission(page: Page) -> str:
    """test1's 准考证号 of the coming exam, as 我的考试 shows it."""
    page.goto('/my/exams')
    text = page.get_by_test_id('my-exams').locator('tbody tr', has_text='环境管理体系').inner_text()
    return re.search(r'\d{14}', text).group(0)  # type: ignore[union-attr]
