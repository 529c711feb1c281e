"""Login, the frame and logout, through NiceGUI's simulated user."""
from __future__ import annotations

import asyncio

from nicegui import ui
from nicegui.testing import User


async def log_in(user: User, account: str = 'test1', password: str = 'Demo@2026') -> None:
    await user.open('/login')
    user.find('登录账号').type(account)
    user.find(kind=ui.input, content='密码').type(password)
    user.find(kind=ui.button, content='登录').click()
    await _settled(user)


async def _settled(user: User, timeout: float = 10.0) -> None:
    """Wait until the login has led to a page with a greeting or put a message on the login page: argon2 takes a
    moment, more so on a busy machine, and should_see retries only briefly."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            labels = user.find(ui.label).elements
        except AssertionError:  # between two pages
            labels = set()
        if any(e.props.get('data-testid') == 'greeting' or (e.props.get('data-testid') == 'login-error' and e.text)
               for e in labels):
            return
        await asyncio.sleep(0.05)


async def test_anonymous_visitor_lands_on_login(user: User) -> None:
    await user.open('/my/cases')
    await user.should_see('个人登录')
    await user.should_not_see('您好')


async def test_login_greets_the_user_by_name(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    await user.should_see('欢迎来到CCAA')
    await user.should_see('中国认证认可协会')
    await user.should_see('通知 (1)')  # the demo case that was approved
    await user.should_see('消息 (2)')  # returned for rectification; waiting for payment


async def test_wrong_password_gives_the_generic_error(user: User) -> None:
    await log_in(user, password='wrong-password')
    await user.should_see('账号或密码错误')
    await user.should_not_see('您好李明')


async def test_unknown_account_gives_the_same_error(user: User) -> None:
    await log_in(user, account='nobody', password='whatever1')
    await user.should_see('账号或密码错误')


async def test_logout_ends_the_session(user: User) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    user.find('退出登录').click()
    await user.should_see('个人登录')
    await user.open('/')
    await user.should_see('个人登录')


async def test_institution_staff_see_their_work_count(user: User) -> None:
    await log_in(user, account='cb1')
    await user.should_see('您好孙丽')
    await user.should_see('消息 (4)')  # three submissions to body A and one 机构缴费 to confirm
