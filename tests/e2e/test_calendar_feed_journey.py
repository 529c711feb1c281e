"""日历订阅 in a real browser: the address on 账户信息 serves the person's deadlines to a client with no session."""
from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import as_user, screenshot


def test_the_calendar_feed_from_the_account_page(browser: Browser, server: str) -> None:
    page = as_user(browser, server, 'auditor1')
    page.goto('/my/account')
    expect(page.get_by_text('日历订阅', exact=True)).to_be_visible()
    address = page.get_by_label('订阅链接', exact=True)
    expect(address).to_have_value(re.compile(rf'^{re.escape(server)}/calendar/[A-Za-z0-9_-]{{43}}\.ics$'))
    url = address.input_value()
    screenshot(page, 'account-calendar-feed')

    feed = page.request.get(url)
    assert feed.status == 200
    assert feed.headers['content-type'] == 'text/calendar; charset=utf-8'
    text = feed.text()
    assert 'SUMMARY:证书CCAA-QMS-2024-00123到期\r\n' in text
    assert 'DTSTART;VALUE=DATE:20270114\r\n' in text

    anonymous = browser.new_context()  # a calendar app: no cookies
    assert 'CCAA-QMS-2024-00123' in anonymous.request.get(url).text()

    page.get_by_role('button', name='重置链接').click()
    page.get_by_role('button', name='确定').click()
    expect(page.get_by_text('订阅链接已重置，旧链接已失效')).to_be_visible()
    expect(address).not_to_have_value(url)
    assert anonymous.request.get(url).status == 404
    assert 'CCAA-QMS-2024-00123' in page.request.get(address.input_value()).text()
    anonymous.close()
    page.context.close()
