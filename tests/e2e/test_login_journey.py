"""A person logs in, sees the portal frame greeting them, and logs out — in a real browser."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import log_in, log_out, screenshot


def test_login_frame_and_logout(page: Page) -> None:
    page.goto('/')
    expect(page).to_have_url(re.compile(r'/login\?redirect_to=/$'))
    expect(page.get_by_text('个人登录')).to_be_visible()
    screenshot(page, 'login')

    log_in(page, 'test1')
    expect(page.get_by_test_id('greeting')).to_have_text('您好李明')
    for text in ('中国认证认可协会', 'CCAA综合服务平台', '首页', '帮助中心', '个人中心', '欢迎来到CCAA'):
        expect(page.get_by_text(text, exact=True).first).to_be_visible()
    expect(page.get_by_test_id('notice-count')).to_have_text('通知 (1)')
    expect(page.get_by_test_id('message-count')).to_have_text('消息 (2)')
    expect(page.locator('html')).to_have_attribute('lang', 'zh-CN')
    screenshot(page, 'home')

    log_out(page)
    page.goto('/')
    expect(page).to_have_url(re.compile(r'/login'))


def test_wrong_password_stays_on_login_with_message(page: Page) -> None:
    log_in(page, 'test1', 'not-the-password')
    expect(page.get_by_test_id('login-error')).to_have_text('账号或密码错误')
    expect(page.get_by_label('登录账号')).to_have_value('test1')
