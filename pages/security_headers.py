"""Headers every answer carries (issue #12 item 8): a Content-Security-Policy that keeps the portal out of other
sites' frames and lets its pages load nothing from elsewhere, no MIME sniffing, no full addresses in Referer, and
HSTS when the portal is served over https.

NiceGUI's pages need inline scripts and styles and compile Vue templates in the browser ('unsafe-eval'); the policy
still forbids every other origin, plugins, <base> and forms posting elsewhere.
"""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = '; '.join((
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    'content-security-policy': POLICY,
    'x-frame-options': 'DENY',  # for browsers without frame-ancestors
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
}
HSTS = 'max-age=31536000'


class SecurityHeaders:
    """Pure ASGI, so that streamed answers (a course video) pass through untouched; a header the route set itself
    (a file's own nosniff) is kept."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.headers = dict(HEADERS, **({'strict-transport-security': HSTS} if https else {}))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http':
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                present = {name.lower() for name, _ in message.get('headers', [])}
                extra = [(name.encode(), value.encode()) for name, value in self.headers.items()
                         if name.encode() not in present]
                message['headers'] = list(message.get('headers', [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)
