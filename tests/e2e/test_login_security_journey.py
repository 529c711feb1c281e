"""The captcha after failed logins, and 统一身份认证登录 against an OpenID Connect provider that this test starts on
a local port, with a second server configured for it — in a real browser."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from domain.accounts import sso
from tests.e2e.conftest import log_in, log_out, running_server, screenshot
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider

LI_MING = {'sub': 'li-ming', 'name': '李明', 'id_number': '110105198503120012', 'id_number_verified': True}


def test_the_captcha_appears_after_three_failures(page: Page) -> None:
    for _ in range(3):
        log_in(page, 'someone-unknown', 'not-the-password')
        expect(page.get_by_test_id('login-error')).to_have_text('账号或密码错误')
    expect(page.get_by_test_id('captcha-image')).to_be_visible()
    expect(page.get_by_label('验证码', exact=True)).to_be_visible()
    screenshot(page, 'login-captcha')


def test_a_session_cookie_planted_before_login_gives_the_planter_nothing(browser: Browser, server: str) -> None:
    """Session fixation (#12 item 3): the victim logs in with a cookie the attacker got from the login page; the
    logged-in session lives under a browser id made at login, so the attacker's copy stays logged out."""
    attacker = browser.new_context(base_url=server).new_page()
    attacker.goto('/login')
    expect(attacker.get_by_role('button', name='登录')).to_be_visible()
    victim_context = browser.new_context(base_url=server)
    victim_context.add_cookies(attacker.context.cookies())
    victim = victim_context.new_page()
    log_in(victim, 'test1')
    expect(victim.get_by_test_id('greeting')).to_have_text('您好李明')
    attacker.goto('/my/cases')
    expect(attacker).to_have_url(re.compile(r'/login\?redirect_to=/my/cases'))
    victim.goto('/my/cases')
    expect(victim.get_by_test_id('greeting')).to_be_visible()
    log_out(victim)
    victim.goto('/my/cases')
    expect(victim).to_have_url(re.compile(r'/login'))
    attacker.context.close()
    victim_context.close()


@pytest.fixture(scope='module')
def provider() -> Iterator[Provider]:
    with running_provider() as running:
        yield running


@pytest.fixture(scope='module')
def sso_server(provider: Provider, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp('e2e-sso'), CCAA_OIDC_ISSUER=provider.issuer,
                        CCAA_OIDC_CLIENT_ID=CLIENT_ID, CCAA_OIDC_CLIENT_SECRET=CLIENT_SECRET) as url:
        yield url


@pytest.fixture
def sso_page(browser: Browser, sso_server: str, provider: Provider) -> Iterator[Page]:
    provider.mode, provider.claims = 'ok', dict(LI_MING)
    context = browser.new_context(base_url=sso_server, locale='zh-CN', viewport={'width': 1366, 'height': 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def sign_on(page: Page) -> None:
    page.goto('/login')
    page.get_by_role('button', name='统一身份认证登录').click()


def test_single_sign_on_logs_in_the_person_with_the_verified_id_number(sso_page: Page) -> None:
    sso_page.goto('/login')
    expect(sso_page.get_by_role('button', name='统一身份认证登录')).to_be_visible()
    screenshot(sso_page, 'login-sso')
    sign_on(sso_page)
    expect(sso_page.get_by_test_id('greeting')).to_have_text('您好李明')


@pytest.mark.parametrize('mode, message', [('bad_signature', sso.MSG_SIGNATURE), ('wrong_audience', sso.MSG_AUDIENCE),
                                           ('replay', sso.MSG_NONCE)])
def test_single_sign_on_refusals_are_explained(sso_page: Page, provider: Provider, mode: str, message: str) -> None:
    if mode == 'replay':  # a first login leaves a token to replay
        sign_on(sso_page)
        expect(sso_page.get_by_test_id('greeting')).to_have_text('您好李明')
        log_out(sso_page)
    provider.mode = mode
    sign_on(sso_page)
    expect(sso_page.get_by_test_id('sso-error')).to_have_text(message)
    if mode == 'bad_signature':
        screenshot(sso_page, 'sso-refused')
    sso_page.goto('/my/cases')
    expect(sso_page.get_by_text('个人登录')).to_be_visible()
