"""忘记密码 and 账户信息 through NiceGUI's simulated user."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from domain.accounts import accounts, recovery
from domain.demo import _actor
from tests.accounts_helpers import last_code
from tests.ui.test_login import log_in
from ui.call import call

NEW = 'a fresh passphrase'


async def open_account_page(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.open('/my/account')
    await user.should_see(marker='change-email')  # the page may still be building when it first shows


async def test_forgot_password_by_mobile(user: User) -> None:
    await user.open('/login')
    user.find('忘记密码？').click()
    await user.should_see('找回密码')
    user.find(marker='identifier').type('13800000001')
    user.find('获取验证码').click()
    await user.should_see(recovery.MSG_SENT)
    await user.should_see('120秒后重新获取')
    user.find(marker='code').type(last_code('13800000001'))
    user.find(marker='password').type(NEW)
    user.find(marker='password_confirm').type(NEW)
    user.find(kind=ui.button, content='重置密码').click()
    await user.should_see('密码已重置')
    await log_in(user, 'test1', NEW)
    await user.should_see('您好李明')


async def test_forgot_password_for_an_unknown_account_reads_the_same(user: User) -> None:
    await user.open('/password/forgot')
    user.find(marker='identifier').type('nobody-here')
    user.find('获取验证码').click()
    await user.should_see(recovery.MSG_SENT)
    user.find(marker='code').type('123456')
    user.find(marker='password').type(NEW)
    user.find(marker='password_confirm').type(NEW)
    user.find(kind=ui.button, content='重置密码').click()
    await user.should_see(recovery.MSG_CODE)
    await user.should_not_see('密码已重置')


async def test_account_page_shows_masked_facts(user: User) -> None:
    await open_account_page(user)
    await user.should_see('账户信息')
    for text in ('test1', '李明', '110***********0012', '138****0001', 't****@example.com', '已认证'):
        await user.should_see(text)
    await user.should_not_see('110105198503120012')
    await user.should_not_see('13800000001')


async def test_change_password_from_the_account_page(user: User) -> None:
    other = await call(accounts.start_session, (await call(_actor, 'test1')).user_id)
    await open_account_page(user)
    user.find(marker='password-current').type('wrong-password')
    user.find(marker='password').type(NEW)
    user.find(marker='password_confirm').type(NEW)
    user.find(marker='change-password').click()
    await user.should_see('当前密码错误')
    user.find(marker='password-current').clear().type('Demo@2026')
    user.find(marker='change-password').click()
    await user.should_see('密码已修改，其他设备上的登录已退出')
    assert await call(accounts.resolve_session, other) is None
    await user.open('/my/account')
    await user.should_see('修改手机号码')  # this browser stays logged in


async def test_change_mobile_from_the_account_page(user: User) -> None:
    await open_account_page(user)
    user.find('修改手机号码').click()
    user.find(marker='mobile-current').type('Demo@2026')
    user.find(marker='mobile').type('13911112222')
    user.find('获取验证码').click()
    await user.should_see('120秒后重新获取')
    user.find(marker='code').type(last_code('13911112222'))
    user.find(marker='change-mobile').click()
    await user.should_see('手机号码已修改')
    await user.should_see('139****2222')


async def test_change_email_from_the_account_page(user: User) -> None:
    await open_account_page(user)
    user.find('修改电子邮箱').click()
    user.find(marker='email-current').type('Demo@2026')
    user.find(marker='email').type('auditor1@example.com')
    user.find(marker='change-email').click()
    await user.should_see('该电子邮箱已注册')
    user.find(marker='email').clear().type('li.ming@example.cn')
    user.find(marker='change-email').click()
    await user.should_see('电子邮箱已修改')
    await user.should_see('l******@example.cn')
