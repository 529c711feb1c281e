"""test1 finds a service, works through 我的事项 and reads a message — in a real browser (issue 4's journey)."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, screenshot


def test_search_my_cases_timeline_and_messages(page: Page) -> None:
    log_in(page, 'test1')
    expect(page.get_by_test_id('greeting')).to_have_text('您好李明')

    search = page.get_by_placeholder('请输入您要办理的事项')
    search.fill('nd')
    expect(page.get_by_role('link', name='年度确认申请').first).to_be_visible()
    screenshot(page, 'home-search')
    search.press('Enter')
    expect(page).to_have_url(re.compile(r'/apply/annual_confirmation$'))  # 在线办理 opens its wizard
    expect(page.get_by_text('年度确认申请　在线申请')).to_be_visible()

    page.goto('/my/cases')
    summary = page.get_by_test_id('cases-summary')
    expect(summary).to_have_text('共有 5 个事项; 有 1 个事项已完结; 有 3 个事项办理中; 草稿箱有 1 个事项。')
    rows = page.get_by_test_id('cases-table').locator('tbody tr')
    expect(rows).to_have_count(5)
    expect(page.get_by_text('剩余', exact=False).first).to_be_visible()
    screenshot(page, 'my-cases')

    page.get_by_role('tab', name='办理中').click()
    expect(rows).to_have_count(3)
    page.get_by_role('tab', name='全部').click()
    expect(rows).to_have_count(5)
    page.get_by_placeholder('请输入要查询的业务环节(支持模糊查询)').fill('退回')
    page.get_by_role('button', name='查询').click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text('退回整改')
    rows.first.get_by_role('link', name='查看').click()
    expect(page.get_by_text('办理过程')).to_be_visible()
    expect(page.get_by_text('意见：工作经历证明人电话缺失，请补充后重新提交。')).to_be_visible()
    screenshot(page, 'case-view')

    expect(page.get_by_test_id('message-count')).to_have_text('消息 (2)')
    page.get_by_test_id('message-count').click()
    expect(page.get_by_text('(未读)')).to_have_count(2)
    screenshot(page, 'messages')
    page.get_by_text(re.compile('被退回整改')).click()
    expect(page).to_have_url(re.compile(r'/my/cases/\d+$'))
    expect(page.get_by_test_id('message-count')).to_have_text('消息 (1)')
