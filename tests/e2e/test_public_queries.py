"""信息查询 without login in a real browser (R3.4): 职业资格查询 by 姓名 + 证件号码, 考试查询, 检验检测人员信息登记查询;
and the user centre's 我的考试 and 信用评价."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, log_out, screenshot

AUDITOR1_ID = '110108199007050020'
TEST1_ID = '110105198503120012'


def ask(page: Page, mode: int, **values: str) -> None:
    for key, value in values.items():
        page.get_by_test_id(f'query{mode}-{key}').fill(value)
    page.get_by_test_id(f'query{mode}-submit').click()


def test_qualification_by_name_and_id_then_exam_results(page: Page) -> None:
    page.goto('/query/qualifications')
    expect(page.get_by_test_id('greeting')).to_have_count(0)  # nobody logged in
    page.get_by_role('tab', name='按姓名和证件号码查询').click()
    ask(page, 1, name='王芳', id_number=AUDITOR1_ID)
    rows = page.get_by_test_id('query-results').locator('tbody tr')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('CCAA-QMS-2024-00123')
    expect(rows.first).to_contain_text('王*')
    expect(rows.first).to_contain_text('110***********0020')
    expect(rows.first).not_to_contain_text('王芳')
    screenshot(page, 'query-qualifications')

    ask(page, 1, name='王芳', id_number=TEST1_ID)  # a real name with someone else's number
    expect(page.get_by_test_id('query-message')).to_have_text('未查询到相关信息，请核对姓名和证件号码')
    expect(page.get_by_test_id('query-results')).to_be_hidden()

    page.get_by_role('navigation', name='信息查询').get_by_role('link', name='考试查询').click()
    expect(page).to_have_url(re.compile(r'/query/exams$'))
    ask(page, 0, admission_no='20251116010023', id_number=TEST1_ID)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('2025年第三次认证人员注册全国统一考试')
    expect(rows.first).to_contain_text('合格')
    page.get_by_role('tab', name='按姓名和证件号码查询').click()
    ask(page, 1, name='李明', id_number=TEST1_ID)
    expect(rows).to_have_count(2)  # the two published; not the exam still to come
    expect(rows.first).to_contain_text('56.5')
    expect(rows.first).to_contain_text('不合格')
    screenshot(page, 'query-exams')

    page.get_by_role('link', name='教师信息查询').click()
    ask(page, 0, name='陈静')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('华夏认证培训中心')
    screenshot(page, 'query-teachers')
    page.goto('/query/training-certificates?cert_no=TB1-2025-000123')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('GB/T 19001-2016 标准理解与审核')
    screenshot(page, 'query-training-certificates')


def test_inspector_register(page: Page) -> None:
    page.goto('/query/inspectors')
    expect(page.get_by_test_id('greeting')).to_have_count(0)  # nobody logged in
    expect(page.get_by_role('navigation', name='信息查询').get_by_role('link', name='教师信息查询')).to_be_visible()
    ask(page, 0, registration_no='JYJC-2025-110001')
    rows = page.get_by_test_id('query-results').locator('tbody tr')
    expect(rows).to_have_count(1)
    for text in ('JYJC-2025-110001', '张*', '110***********0010', '华信检验检测中心有限公司', '环境监测', '有效'):
        expect(rows.first).to_contain_text(text)
    expect(rows.first).not_to_contain_text('张伟')
    screenshot(page, 'query-inspectors')
    page.get_by_role('tab', name='按姓名和证件号码查询').click()
    ask(page, 1, name='张伟', id_number=TEST1_ID)  # a registered name with someone else's number
    expect(page.get_by_test_id('query-message')).to_have_text('未查询到相关信息，请核对姓名和证件号码')
    expect(page.get_by_test_id('query-results')).to_be_hidden()

    log_in(page, 'test1')  # the catalogue's 检验检测人员 tab leads to the query
    page.get_by_role('tab', name='检验检测人员').click()
    expect(page.get_by_text('共 1 个事项, 其中 1 项可在线申办')).to_be_visible()
    query_link = page.get_by_role('link', name='在线查询')
    expect(query_link).to_have_count(1)  # once the 全部 panel has slid away
    screenshot(page, 'home-catalogue-inspectors')
    query_link.click()
    expect(page).to_have_url(re.compile(r'/query/inspectors$'))


def test_my_exams_and_credit(page: Page) -> None:
    log_in(page, 'test1')
    expect(page.get_by_test_id('greeting')).to_have_text('您好李明')
    page.goto('/my/exams')
    rows = page.get_by_test_id('my-exams').locator('tbody tr')
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text('未公布')
    expect(rows.nth(1).get_by_role('link', name='成绩复核')).to_be_visible()
    expect(rows.nth(2).get_by_role('link', name='成绩复核')).to_have_count(0)
    screenshot(page, 'my-exams')
    rows.nth(1).get_by_role('link', name='成绩复核').click()
    expect(page.get_by_text('考试成绩复核申请　在线申请')).to_be_visible()
    page.goto('/my/credit')
    expect(page.get_by_text('暂无信用记录。')).to_be_visible()
    screenshot(page, 'my-credit-empty')

    log_out(page)
    log_in(page, 'auditor1')
    expect(page.get_by_test_id('greeting')).to_have_text('您好王芳')
    page.goto('/my/credit')
    credit = page.get_by_test_id('credit-records').locator('tbody tr')
    expect(credit).to_have_count(1)
    expect(credit.first).to_contain_text('投诉成立')
    screenshot(page, 'my-credit')
    page.goto('/my/exams')
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('待审核')
    expect(rows.first).not_to_contain_text('李明')
