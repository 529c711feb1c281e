"""统一身份认证登录 (R1.5): off to the OpenID Connect provider and back; the domain checks everything it returns."""
from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, ui

from domain.accounts import accounts, sso
from pages.session import safe_redirect, site_url, start_browser
from pages.signup import SSO_TICKET
from ui.call import call
from ui.frame import frame

STATE_KEY = 'sso_state'


def callback_url(request: Request) -> str:
    """Where the provider sends the browser back."""
    return site_url(request) + '/sso/callback'


def failure(message: str) -> None:
    with frame():
        with ui.card().classes('self-center w-96 q-pa-lg q-mt-xl gap-3'):
            ui.label('统一身份认证登录').classes('text-h6')
            ui.label(message).classes('text-negative').props('role=alert data-testid=sso-error')
            ui.button('返回登录', on_click=lambda: ui.navigate.to('/login')) \
                .props('unelevated color=primary data-testid=back-to-login')


@ui.page('/sso/start', title='统一身份认证登录 - CCAA综合服务平台', response_timeout=20)
async def start(request: Request, redirect_to: str = '/') -> RedirectResponse | None:
    try:
        url, state = await call(sso.begin, callback_url(request), safe_redirect(redirect_to))
    except sso.SsoError as error:
        failure(error.message)
        return None
    app.storage.user[STATE_KEY] = state
    return RedirectResponse(url)


@ui.page('/sso/callback', title='统一身份认证登录 - CCAA综合服务平台', response_timeout=20)
async def callback(request: Request, code: str | None = None, state: str | None = None,
                   error: str | None = None) -> RedirectResponse | None:
    try:
        outcome = await call(sso.finish, state=state, browser_state=app.storage.user.pop(STATE_KEY, None), code=code,
                             error=error, redirect_uri=callback_url(request))
    except sso.SsoError as problem:
        failure(problem.message)
        return None
    if outcome.actor is not None:
        await start_browser(request, await call(accounts.start_session, outcome.actor.user_id))
        return RedirectResponse(safe_redirect(outcome.redirect_to))
    app.storage.user[SSO_TICKET] = outcome.ticket
    return RedirectResponse('/register/person')
