"""忘记密码 with the code from the outbox, and 账户信息 (mobile, e-mail, password) — in a real browser."""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.accounts_helpers import resident_id
from tests.e2e.conftest import log_in, log_out, screenshot
from tests.e2e.test_signup_journey import Person, beside, code_sent_to, field, register

WU = Person('wuxia', '吴霞', resident_id('19880512', '246', '440305'), '13955550002', 'wu.xia@example.cn')


def test_forgot_password_with_the_code_from_the_outbox(page: Page, server_data_dir: Path) -> None:
    page.goto('/login')
    page.get_by_role('link', name='忘记密码？').click()
    expect(page.get_by_text('找回密码')).to_be_visible()
    field(page, '登录账号或手机号码').fill('teacher1')
    page.get_by_role('button', name='获取验证码').click()
    expect(page.get_by_test_id('code-sent')).to_have_text('若该账号已注册，验证码已发送至其绑定的手机号码，2分钟内有效')
    expect(page.get_by_test_id('send-code')).to_contain_text('秒后重新获取')
    field(page, '验证码').fill(code_sent_to(server_data_dir, '13800000004'))
    field(page, '新密码').fill('Demo@2026')  # the demo password again, so that other tests can still use it
    field(page, '确认新密码').fill('Demo@2026x')
    page.get_by_role('button', name='重置密码').click()
    expect(beside(page, '确认新密码')).to_contain_text('两次输入的密码不一致')
    field(page, '确认新密码').fill('Demo@2026')
    screenshot(page, 'forgot-password')
    page.get_by_role('button', name='重置密码').click()
    expect(page.get_by_test_id('reset-done')).to_have_text('密码已重置')
    page.get_by_role('button', name='返回登录').click()
    expect(page).to_have_url(re.compile(r'/login$'))  # let that navigation finish before log_in starts its own
    log_in(page, 'teacher1')
    expect(page.get_by_test_id('greeting')).to_have_text('您好陈静')


def test_account_information_changes(page: Page, server_data_dir: Path) -> None:
    register(page, server_data_dir, WU)
    log_in(page, WU.account, WU.password)
    expect(page.get_by_test_id('greeting')).to_have_text('您好吴霞')
    page.goto('/my/account')
    expect(page.get_by_test_id('account-手机号码')).to_have_text('139****0002')
    expect(page.get_by_test_id('account-证件号码')).to_have_text('440***********' + WU.id_number[-4:])
    screenshot(page, 'account')

    page.get_by_role('tab', name='修改手机号码').click()
    page.get_by_test_id('mobile-current').fill(WU.password)
    field(page, '新手机号码').fill('13955550003')
    page.get_by_test_id('send-code').click()
    expect(page.get_by_test_id('send-code')).to_contain_text('秒后重新获取')
    page.get_by_test_id('code').fill(code_sent_to(server_data_dir, '13955550003'))
    page.get_by_test_id('change-mobile').click()
    expect(page.get_by_test_id('account-手机号码')).to_have_text('139****0003')

    page.get_by_role('tab', name='修改电子邮箱').click()
    page.get_by_test_id('email-current').fill(WU.password)
    field(page, '新电子邮箱').fill('test1@example.com')
    page.get_by_test_id('change-email').click()
    expect(beside(page, '新电子邮箱')).to_contain_text('该电子邮箱已注册')
    field(page, '新电子邮箱').fill('xia.wu@example.cn')
    page.get_by_test_id('change-email').click()
    expect(page.get_by_test_id('account-电子邮箱')).to_have_text('x*****@example.cn')

    page.get_by_role('tab', name='修改密码').click()
    page.get_by_test_id('password-current').fill(WU.password)
    field(page, '新密码').fill('autumn wind 2026')
    field(page, '确认新密码').fill('autumn wind 2026')
    page.get_by_test_id('change-password').click()
    expect(page.get_by_text('密码已修改，其他设备上的登录已退出')).to_be_visible()
    log_out(page)
    log_in(page, WU.account, 'autumn wind 2026')
    expect(page.get_by_test_id('greeting')).to_have_text('您好吴霞')
