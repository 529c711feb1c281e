"""The login page's captcha and lock, and 统一身份认证登录 against a local OpenID Connect provider."""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from nicegui import ui
from nicegui.testing import User
from sqlmodel import delete, select

from domain.accounts import captcha, login
from domain.demo import _actor
from domain.engine import cases, queues
from pages.page_watch import watcher
from storage.db import unit_of_work
from storage.tables import AuthSession
from storage.tables import User as UserRow
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider
from tests.ui.test_login import log_in
from ui.call import call

TEST1_ID = '110105198503120012'


@pytest.fixture
def fixed_captcha(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(captcha, '_random_text', lambda: 'AB3C')
    return 'ab3c'


async def test_the_captcha_appears_after_three_failures_and_lets_the_right_password_in(
        user: User, fixed_captcha: str) -> None:
    for _ in range(2):
        await log_in(user, password='wrong-password')
        await user.should_see('账号或密码错误', retries=100)
        await user.should_not_see(marker='captcha')
    await log_in(user, password='wrong-password')
    await user.should_see(marker='captcha', retries=100)
    await user.should_see(kind=ui.image)

    await log_in(user)  # a fresh page: leaving the account field brings the captcha back
    await user.should_see(login.MSG_CAPTCHA, retries=100)
    user.find(marker='captcha').type('ZZZZ')
    user.find(kind=ui.button, content='登录').click()
    await user.should_see(login.MSG_CAPTCHA_WRONG, retries=100)
    user.find(marker='captcha').clear().type(fixed_captcha)
    user.find(kind=ui.button, content='登录').click()
    await user.should_see('您好李明', retries=100)


async def test_leaving_the_account_field_shows_the_captcha_when_needed(user: User) -> None:
    for _ in range(3):
        await call(login.record_failure, 'test1')
    await user.open('/login')
    user.find('登录账号').type('test1').trigger('blur')
    await user.should_see(marker='captcha')


async def test_a_locked_account_is_told_so(user: User) -> None:
    for _ in range(10):
        await call(login.record_failure, 'test1')
    await log_in(user)
    await user.should_see('登录失败次数过多，账号已锁定，请15分钟后再试')
    await user.should_not_see('您好李明')


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> Iterator[Provider]:
    with running_provider() as running:
        monkeypatch.setenv('CCAA_OIDC_ISSUER', running.issuer)
        monkeypatch.setenv('CCAA_OIDC_CLIENT_ID', CLIENT_ID)
        monkeypatch.setenv('CCAA_OIDC_CLIENT_SECRET', CLIENT_SECRET)
        yield running


async def single_sign_on(user: User, redirect_to: str = '/my/cases') -> None:
    """The browser's trip: /sso/start → the provider → our callback (opened as a page)."""
    start = await user.http_client.get(f'/sso/start?redirect_to={redirect_to}', follow_redirects=False)
    assert start.status_code in (302, 307), start.text
    back = httpx.get(start.headers['location'], follow_redirects=False)
    assert back.status_code == 302
    callback = urlsplit(back.headers['location'])
    await user.open(f'{callback.path}?{callback.query}')


async def test_sso_button_only_when_configured(user: User, provider: Provider) -> None:
    await user.open('/login')
    await user.should_see('统一身份认证登录')


async def test_sso_logs_in_a_linked_person(user: User, provider: Provider) -> None:
    provider.claims = {'sub': 'li-ming', 'id_number': TEST1_ID, 'id_number_verified': True}
    await single_sign_on(user)
    await user.should_see('您好李明')
    await user.should_see('我的事项')


@pytest.mark.parametrize('mode, message', [('bad_signature', '身份令牌的签名无效'),
                                           ('wrong_audience', '身份令牌不是签发给本平台的')])
async def test_sso_refusals_are_explained(user: User, provider: Provider, mode: str, message: str) -> None:
    provider.claims = {'sub': 'li-ming', 'id_number': TEST1_ID, 'id_number_verified': True}
    provider.mode = mode
    await single_sign_on(user)
    await user.should_see(message)
    await user.should_not_see('您好李明')
    await user.open('/my/cases')
    await user.should_see('个人登录')


async def test_sso_replayed_nonce_is_explained(user: User, provider: Provider) -> None:
    provider.claims = {'sub': 'li-ming', 'id_number': TEST1_ID, 'id_number_verified': True}
    await single_sign_on(user)
    await user.should_see('您好李明')
    provider.mode = 'replay'
    await single_sign_on(user)
    await user.should_see('可能是被重放的令牌')


async def test_sso_without_an_account_prefills_registration(user: User, provider: Provider) -> None:
    provider.claims = {'sub': 'newcomer', 'name': '孙八', 'email': 'sun8@example.cn'}
    await single_sign_on(user)
    await user.should_see('已通过统一身份认证')
    [name] = user.find(marker='name').elements
    [email] = user.find(marker='email').elements
    assert (name.value, email.value) == ('孙八', 'sun8@example.cn')  # type: ignore[attr-defined]


async def test_a_callback_without_a_started_login_is_refused(user: User, provider: Provider) -> None:
    await user.open('/sso/callback?code=abc&state=forged')
    await user.should_see('统一身份认证登录已失效或已使用，请重新登录')


async def test_a_new_login_in_the_same_browser_ends_the_session_it_held(user: User, provider: Provider) -> None:
    await log_in(user)
    await user.should_see('您好李明')
    provider.claims = {'sub': 'wang-fang', 'phone_number': '13800000002', 'phone_number_verified': True}
    await single_sign_on(user, '/')
    await user.should_see('您好王芳')
    assert await call(sessions_of, 'test1') == 0
    assert await call(sessions_of, 'auditor1') == 1


def sessions_of(account: str) -> int:
    with unit_of_work() as session:
        return len(session.exec(select(AuthSession.id).join(UserRow, UserRow.id == AuthSession.user_id)
                                .where(UserRow.account == account)).all())


async def test_the_provider_is_told_the_public_address_not_the_requests_host(
        user: User, provider: Provider, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('CCAA_PUBLIC_URL', 'https://portal.example.cn/')
    start = await user.http_client.get('/sso/start', headers={'Host': 'evil.example.com'}, follow_redirects=False)
    assert start.status_code in (302, 307), start.text
    query = parse_qs(urlsplit(start.headers['location']).query)
    assert query['redirect_uri'] == ['https://portal.example.cn/sso/callback']


async def test_an_open_page_cannot_act_once_its_session_has_ended(user: User) -> None:
    """#12 item 2: cb1 logs out in another tab (or changes the password, or stays idle too long); the case page
    still open in this tab can no longer take 通过."""
    waiting = queues.institution_queue(_actor('cb1'))[0].case
    await log_in(user, 'cb1')
    await user.open(f'/institution/cases/{waiting.id}')
    await user.should_see(kind=ui.button, content='通过', retries=100)
    with unit_of_work(write=True) as session:  # what a logout elsewhere does to this browser's session
        session.exec(delete(AuthSession).where(AuthSession.user_id == _actor('cb1').user_id))  # type: ignore[call-overload,arg-type]
    user.find(kind=ui.button, content='通过').click()
    await user.should_see('登录已失效，请重新登录')
    assert cases.get_case(_actor('cb1'), waiting.id).stage == waiting.stage


async def test_an_open_page_leaves_by_itself_once_its_session_has_ended(user: User) -> None:
    """The process's page watcher looks at every open page's session once a second: no click needed."""
    await log_in(user, 'cb1')
    await user.open('/my/messages')
    await user.should_see('消息中心', retries=100)
    with unit_of_work(write=True) as session:
        session.exec(delete(AuthSession).where(AuthSession.user_id == _actor('cb1').user_id))  # type: ignore[call-overload,arg-type]
    await user.should_see('还没有账号？', retries=100)  # the login page


async def test_a_page_whose_browser_is_away_leaves_once_it_is_back_not_before(user: User) -> None:
    """A page left behind (its tab went on to another page, or the phone is off the network) cannot be sent to the
    login page: it stays watched, and whatever the person's browser shows now is not moved by it."""
    await log_in(user, 'cb1')
    left = await user.open('/my/messages')
    await user.should_see('消息中心', retries=100)
    await user.open('/help')  # the tab leaves 消息中心: its websocket is dropped
    await user.should_see('帮助中心', retries=100)
    with unit_of_work(write=True) as session:
        session.exec(delete(AuthSession).where(AuthSession.user_id == _actor('cb1').user_id))  # type: ignore[call-overload,arg-type]
    await watcher.check()
    assert user.back_history[-1] == '/help'
    assert any(page.client is left for page in watcher.pages.values())

    await left.handle_handshake('back', user.tab_id, None, 'back', None)  # the browser comes back to the page
    await watcher.check()
    await user.should_see('还没有账号？', retries=100)
    assert not any(page.client is left for page in watcher.pages.values())
