"""Who is logged in: the middleware that guards every page, and the helpers pages use."""
from __future__ import annotations

import asyncio
import secrets
import unicodedata
import uuid
import weakref
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from nicegui import Client, app, context, ui
from nicegui.storage import request_contextvar
from starlette.datastructures import URL
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.accounts import accounts
from domain.engine import messages
from domain.shared.actors import Actor
from domain.shared.errors import NotAllowed
from settings import load_settings
from ui import call as ui_call
from ui.call import call

PUBLIC_PREFIXES = ('/_nicegui', '/assets', '/login', '/verify', '/query', '/healthz', '/favicon.ico', '/help',
                   '/register', '/password', '/sso', '/payments/notify', '/calendar')
SESSION_KEY = 'session'
PENDING_KEY = 'pending_login'  # a login's token until /login/complete moves it to a new browser id


def is_public(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + '/') or path.startswith(prefix + '?')
               for prefix in PUBLIC_PREFIXES)


def login_leading_back(url: URL) -> str:
    """The login page, which leads back to `url` (its path and query) once the person has logged in."""
    return f'/login?redirect_to={quote(url.path + (f"?{url.query}" if url.query else ""))}'


def safe_redirect(target: str | None) -> str:
    """Only paths on this site: '/x' yes; '//evil.example', 'https://…', '/\\evil' no, nor anything with white space
    or control characters, which browsers drop from a URL ('/\\t/evil.example' is '//evil.example' to them)."""
    if not target or any(ch.isspace() or unicodedata.category(ch).startswith('C') for ch in target):
        return '/'
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith('/') or target.startswith('//') or '\\' in target:
        return '/'
    return target


class AuthMiddleware:
    """Sends visitors without a live session to the login page, and puts the actor on request.state. Pure ASGI (a
    BaseHTTPMiddleware runs the rest of the request in a task of its own, and costs every page for it); inside
    NiceGUI's request tracking, so that app.storage.user is this browser's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        request.state.actor = None
        if not is_public(request.url.path):
            token = app.storage.user.get(SESSION_KEY)
            actor, counts = await call(_who_and_counts, token)
            if actor is None:
                app.storage.user.pop(SESSION_KEY, None)
                await RedirectResponse(login_leading_back(request.url))(scope, receive, send)
                return
            request.state.actor = actor
            request.state.header_counts = counts  # the header's 通知/消息, read in the same trip (portal_frame)
            request.state.session_token = token
        await self.app(scope, receive, send)


def _who_and_counts(token: str | None) -> tuple[Actor | None, dict[str, int] | None]:
    """What every page request needs before its content: whose session, and the header's counts — one trip to a
    worker thread for both."""
    actor = accounts.resolve_session(token)
    return actor, messages.unread_counts(actor) if actor is not None else None


def site_url(request: Request) -> str:
    """The portal's address for links that leave the browser: CCAA_PUBLIC_URL when it is set, since the request's
    own Host header is the client's to choose (and a proxy may have rewritten it)."""
    return (load_settings().public_url_setting or str(request.base_url)).rstrip('/')


def actor_of(request: Request) -> Actor:
    """The actor the middleware found for this page request; the page acts for them only while their session lives."""
    actor = request.state.actor
    assert actor is not None, 'page is not behind the auth middleware'
    try:
        _page_sessions[context.client] = (getattr(request.state, 'session_token', None), actor.user_id)
    except RuntimeError:
        pass  # a plain route, not a page
    return actor  # type: ignore[no-any-return]


# Issue #12 item 2: a page built for a logged-in person keeps no power of its own. Before each call it makes once
# connected, the session it was built under must still be that person's live session: a logout in another tab, a
# password change or the idle limit ends what an open page may do.
_page_sessions: weakref.WeakKeyDictionary[Client, tuple[str | None, int]] = weakref.WeakKeyDictionary()
MSG_EXPIRED = '登录已失效，请重新登录'
_built: weakref.WeakSet[Client] = weakref.WeakSet()


def page_built() -> None:
    """The page of this client is built (the frame says so when its content is done): its calls from now on are
    the person's actions, each checked."""
    try:
        _built.add(context.client)
    except RuntimeError:
        pass


def page_session_token() -> str | None:
    """The session token the current page was built under (actor_of records it)."""
    held = _page_sessions.get(context.client)
    return held[0] if held else None


async def _check_page_session() -> None:
    try:
        client = context.client
    except RuntimeError:
        return  # not on a page
    held = _page_sessions.get(client)
    if held is None or client not in _built:
        return  # a public page, or one still being built (the middleware has just checked the session)
    if await asyncio.to_thread(accounts.session_alive, *held):
        return
    ui.navigate.to(login_leading_back(client.request.url))
    raise NotAllowed(MSG_EXPIRED)


ui_call.guard = _check_page_session


async def log_in(actor: Actor, redirect_to: str) -> str:
    """A new session token at every login (ASVS 7.2.4); a session this browser held before ends. Called from a
    page's websocket, which cannot set a cookie: the token waits in this browser's storage under a one-time ticket,
    and the address returned (/login/complete) moves it into a new browser id on the next request (start_browser)."""
    token = await call(accounts.start_session, actor.user_id)
    await call(accounts.end_session, app.storage.user.get(SESSION_KEY))
    app.storage.user.pop(SESSION_KEY, None)
    ticket = secrets.token_urlsafe(24)
    app.storage.user[PENDING_KEY] = {'ticket': ticket, 'token': token}
    return f'/login/complete?ticket={quote(ticket)}&redirect_to={quote(safe_redirect(redirect_to))}'


async def start_browser(request: Request, token: str) -> None:
    """Session fixation (issue #12 item 3): the logged-in session lives under a browser id made now, never under
    the one the browser held before login, which someone may have planted in it. The old id keeps nothing."""
    await call(accounts.end_session, app.storage.user.pop(SESSION_KEY, None))
    app.storage.user.pop(PENDING_KEY, None)
    browser_id = str(uuid.uuid4())
    request.session['id'] = browser_id  # the session cookie is signed anew with it on the way out
    await app.storage._create_user_storage(browser_id)  # noqa: SLF001  (NiceGUI opens it only for a new request)
    app.storage.user[SESSION_KEY] = token


def register_routes(fastapi_app: FastAPI) -> None:
    """GET /login/complete?ticket=…: the second half of log_in."""

    @fastapi_app.get('/login/complete', include_in_schema=False)
    async def complete_login(request: Request, ticket: str = '', redirect_to: str = '/') -> RedirectResponse:
        pending = app.storage.user.get(PENDING_KEY)
        if not isinstance(pending, dict) or not ticket or not secrets.compare_digest(str(pending.get('ticket')), ticket):
            return RedirectResponse('/login', status_code=303)
        await start_browser(request, str(pending['token']))
        return RedirectResponse(safe_redirect(redirect_to), status_code=303)


def session_token() -> str | None:
    """The session token of the browser whose page is handling an event: found by the page's own request (the
    browser id its cookie holds since login, start_browser), whatever request the handler's context last saw."""
    request_contextvar.set(context.client.request)
    return app.storage.user.get(SESSION_KEY)  # type: ignore[no-any-return]


async def log_out() -> None:
    await call(accounts.end_session, session_token())
    app.storage.user.pop(SESSION_KEY, None)
    ui.navigate.to('/login')
