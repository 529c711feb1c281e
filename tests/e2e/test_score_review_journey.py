"""考试成绩复核申请 end to end in a real browser (R9.5, manual §4.2): test1 opens 成绩复核 from 我的考试, reads and ticks
the 说明, finds a wrong 准考证号 refused on 下一步, submits; CCAA staff correct the score; 我的考试 shows it 合格.

The journey runs on a server of its own: it changes test1's score, which other journeys show.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import as_user, open_from_queue, running_server, screenshot


@pytest.fixture(scope='module')
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(Path(tmp_path_factory.mktemp('score-review-e2e'))) as url:
        yield url


def test_a_score_review_from_my_exams_to_the_corrected_score(browser: Browser, own_server: str) -> None:
    candidate = as_user(browser, own_server, 'test1')
    candidate.goto('/my/exams')
    row = candidate.get_by_test_id('my-exams').locator('tbody tr', has_text='56.5')
    expect(row).to_contain_text('不合格')
    row.get_by_role('link', name='成绩复核').click()
    expect(candidate.get_by_test_id('notice')).to_contain_text('考试成绩复核申请说明')
    candidate.get_by_test_id('agree').click()
    candidate.get_by_test_id('wizard-next').click()
    expect(candidate.get_by_text('考试成绩复核申请表单')).to_be_visible()
    case_no = candidate.get_by_test_id('case-no').inner_text().split('：')[1]
    admission = candidate.get_by_label('* 准考证号')
    expect(admission).to_have_value(re.compile(r'\d{14}'))
    right = admission.input_value()
    admission.fill('20200101010101')
    candidate.get_by_label('* 复核原因').fill('第三大题疑似漏评，请核对答题卡')
    candidate.get_by_test_id('wizard-next').click()
    expect(candidate.get_by_role('alert').filter(has_text='准考证号与您在该考试的报考记录不符').first).to_be_visible()
    screenshot(candidate, 'score-review-refused')
    candidate.get_by_label('* 准考证号').fill(right)
    candidate.get_by_test_id('wizard-next').click()
    expect(candidate.get_by_text('请核对申请信息')).to_be_visible()
    candidate.get_by_test_id('wizard-submit').click()
    expect(candidate.get_by_text('考试成绩复核申请 业务已成功提交')).to_be_visible()

    staff = as_user(browser, own_server, 'admin')
    open_from_queue(staff, '/staff', case_no, '成绩复核申请信息')
    expect(staff.get_by_test_id('application-facts')).to_contain_text('56.5')
    staff.get_by_label('复核后成绩').fill('60.5')
    staff.get_by_label('复核说明').fill('第三大题漏计 4 分')
    screenshot(staff, 'score-review-staff')
    staff.get_by_test_id('action-correct').click()
    expect(staff).to_have_url(re.compile(r'/staff$'))

    candidate.goto('/my/exams')
    row = candidate.get_by_test_id('my-exams').locator('tbody tr', has_text='60.5')
    expect(row).to_contain_text('合格')
    screenshot(candidate, 'score-review-my-exams')
