"""登录 (R1.1): account and password. Registration, captcha and recovery come with the accounts work."""
from __future__ import annotations

from fastapi.responses import RedirectResponse
from nicegui import app, ui

from domain import accounts
from pages.session import SESSION_KEY, log_in, safe_redirect
from ui.call import call
from ui.frame import frame


@ui.page('/login', title='登录 - CCAA综合服务平台')
async def login_page(redirect_to: str = '/') -> RedirectResponse | None:
    target = safe_redirect(redirect_to)
    if app.storage.user.get(SESSION_KEY) and await call(accounts.resolve_session, app.storage.user[SESSION_KEY]):
        return RedirectResponse(target)

    async def try_login() -> None:
        error.set_text('')
        if not account.value.strip() or not password.value:
            error.set_text('请输入账号和密码')
            return
        button.props('loading')
        actor = await call(accounts.authenticate, account.value, password.value)
        button.props(remove='loading')
        if actor is None:
            error.set_text(accounts.LOGIN_FAILED)
            password.set_value('')
            return
        await log_in(actor)
        ui.navigate.to(target)

    with frame():
        with ui.card().classes('self-center w-96 q-pa-lg q-mt-xl'):
            ui.label('个人登录').classes('text-h6')
            account = ui.input('登录账号').props('outlined autocomplete=username data-testid=account').classes('w-full')
            password = ui.input('密码', password=True, password_toggle_button=True) \
                .props('outlined autocomplete=current-password data-testid=password').classes('w-full') \
                .on('keydown.enter', try_login)
            error = ui.label('').classes('text-negative').props('role=alert data-testid=login-error')
            button = ui.button('登录', on_click=try_login).classes('w-full').props('unelevated color=primary data-testid=login')
