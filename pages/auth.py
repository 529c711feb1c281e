"""个人登录 (R1.1, R1.2, R1.5): account and password, an image captcha after failed attempts, links to 立即注册 and
忘记密码, and 统一身份认证登录 when single sign-on is configured."""
from __future__ import annotations

import base64
from urllib.parse import quote

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from domain.accounts import accounts, captcha, login, sso
from pages.password_fields import password_input
from pages.session import SESSION_KEY, log_in, safe_redirect
from ui.call import call
from ui.frame import frame


def png_source(png: bytes) -> str:
    return 'data:image/png;base64,' + base64.b64encode(png).decode()


class CaptchaField:
    """验证码 with its picture; hidden until the service asks for it. A click on the picture draws a new one."""

    def __init__(self) -> None:
        self.token: str | None = None
        with ui.row().classes('w-full no-wrap items-start gap-2') as self.row:
            self.input = ui.input('验证码').props('outlined maxlength=4 autocomplete=off data-testid=captcha') \
                .classes('col').mark('captcha')
            self.image = ui.image().classes('w-32 h-12 cursor-pointer rounded-borders shrink-0') \
                .props('no-spinner no-transition fit=fill alt=验证码图片 data-testid=captcha-image')
            self.image.on('click', self.renew)
        self.renew_link = ui.button('看不清？换一张', on_click=self.renew) \
            .props('flat dense no-caps size=sm color=primary').classes('self-end q-mt-none')
        self.row.set_visibility(False)
        self.renew_link.set_visibility(False)

    @property
    def active(self) -> bool:
        return self.row.visible

    async def renew(self) -> None:
        challenge = await call(captcha.issue)
        self.token = challenge.token
        self.image.set_source(png_source(challenge.png))
        self.input.set_value('')
        self.row.set_visibility(True)
        self.renew_link.set_visibility(True)


@ui.page('/login', title='登录 - CCAA综合服务平台')
async def login_page(redirect_to: str = '/') -> RedirectResponse | None:
    target = safe_redirect(redirect_to)
    if app.storage.user.get(SESSION_KEY) and await call(accounts.resolve_session, app.storage.user[SESSION_KEY]):
        return RedirectResponse(target)
    sso_enabled = await call(sso.enabled)

    async def on_account_left() -> None:
        if account.value.strip() and not captcha_field.active and await call(login.needs_captcha, account.value):
            await captcha_field.renew()

    async def try_login() -> None:
        error.set_text('')
        if not account.value.strip() or not password.value:
            error.set_text('请输入账号和密码')
            return
        if captcha_field.active and not captcha_field.input.value.strip():
            error.set_text(login.MSG_CAPTCHA)
            return
        button.props('loading')
        try:
            result = await call(login.attempt, account.value, password.value,
                                captcha_field.token if captcha_field.active else None, captcha_field.input.value)
        finally:
            button.props(remove='loading')
        if result.actor is not None:
            ui.navigate.to(await log_in(result.actor, target))
            return
        error.set_text(result.error)
        if result.error not in (login.MSG_CAPTCHA, login.MSG_CAPTCHA_WRONG):
            password.set_value('')
        if result.captcha_required:
            await captcha_field.renew()

    with frame():
        with ui.card().classes('self-center w-96 q-pa-lg q-mt-xl'):
            ui.label('个人登录').classes('text-h6').props('role=heading aria-level=1')
            account = ui.input('登录账号').props('outlined autocomplete=username data-testid=account').classes('w-full')
            account.on('blur', on_account_left)
            password = password_input('密码') \
                .props('outlined autocomplete=current-password data-testid=password').classes('w-full') \
                .on('keydown.enter', try_login)
            captcha_field = CaptchaField()
            captcha_field.input.on('keydown.enter', try_login)
            error = ui.label('').classes('text-negative').props('role=alert data-testid=login-error')
            button = ui.button('登录', on_click=try_login).classes('w-full').props('unelevated color=primary data-testid=login')
            with ui.row().classes('w-full justify-between'):
                ui.link('忘记密码？', '/password/forgot').props('data-testid=forgot-password')
                with ui.row().classes('gap-1'):
                    ui.label('还没有账号？').classes('text-grey-7')
                    ui.link('立即注册', '/register').props('data-testid=register')
            if sso_enabled:
                with ui.row().classes('w-full items-center no-wrap gap-2 q-mt-sm'):
                    ui.separator().classes('col')
                    ui.label('或').classes('text-grey-7 text-caption')
                    ui.separator().classes('col')
                ui.button('统一身份认证登录', icon='verified_user',
                          on_click=lambda: ui.navigate.to(f'/sso/start?redirect_to={quote(target)}')) \
                    .classes('w-full').props('outline color=primary no-caps data-testid=sso-login')
    return None
