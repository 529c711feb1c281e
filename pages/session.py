"""Who is logged in: the middleware that guards every page, and the helpers pages use."""
from __future__ import annotations

import unicodedata
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import app, ui
from starlette.middleware.base import BaseHTTPMiddleware

from domain.accounts import accounts
from domain.shared.actors import Actor
from settings import load_settings
from ui.call import call

PUBLIC_PREFIXES = ('/_nicegui', '/assets', '/login', '/verify', '/query', '/healthz', '/favicon.ico', '/help',
                   '/register', '/password', '/sso', '/payments/notify', '/calendar')
SESSION_KEY = 'session'


def is_public(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + '/') or path.startswith(prefix + '?')
               for prefix in PUBLIC_PREFIXES)


def safe_redirect(target: str | None) -> str:
    """Only paths on this site: '/x' yes; '//evil.example', 'https://…', '/\\evil' no, nor anything with white space
    or control characters, which browsers drop from a URL ('/\\t/evil.example' is '//evil.example' to them)."""
    if not target or any(ch.isspace() or unicodedata.category(ch).startswith('C') for ch in target):
        return '/'
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith('/') or target.startswith('//') or '\\' in target:
        return '/'
    return target


class AuthMiddleware(BaseHTTPMiddleware):
    """Sends visitors without a live session to the login page, and puts the actor on request.state."""

    async def dispatch(self, request: Request, call_next):  # type: ignore[no-untyped-def]
        request.state.actor = None
        if not is_public(request.url.path):
            actor = await call(accounts.resolve_session, app.storage.user.get(SESSION_KEY))
            if actor is None:
                app.storage.user.pop(SESSION_KEY, None)
                target = request.url.path + (f'?{request.url.query}' if request.url.query else '')
                return RedirectResponse(f'/login?redirect_to={quote(target)}')
            request.state.actor = actor
        return await call_next(request)


def site_url(request: Request) -> str:
    """The portal's address for links that leave the browser: CCAA_PUBLIC_URL when it is set, since the request's
    own Host header is the client's to choose (and a proxy may have rewritten it)."""
    return (load_settings().public_url_setting or str(request.base_url)).rstrip('/')


def actor_of(request: Request) -> Actor:
    """The actor the middleware found for this page request."""
    actor = request.state.actor
    assert actor is not None, 'page is not behind the auth middleware'
    return actor  # type: ignore[no-any-return]


async def log_in(actor: Actor) -> None:
    """A new session token at every login (ASVS 7.2.4); a session this browser held before ends."""
    token = await call(accounts.start_session, actor.user_id)
    await call(accounts.end_session, app.storage.user.get(SESSION_KEY))
    app.storage.user[SESSION_KEY] = token


async def log_out() -> None:
    await call(accounts.end_session, app.storage.user.pop(SESSION_KEY, None))
    ui.navigate.to('/login')
