"""The size of what reaches NiceGUI's own upload route (ui.upload, for the small files of a form: certificates,
vouchers, photos), checked before a byte of the body is read (issue #12 item 6): that route parses the whole form,
so a huge POST would otherwise be spooled and held before the page could say the file is too big. Large course
files take their own streamed route (pages.uploads), which counts as it goes."""
from __future__ import annotations

import re

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from domain.engine import files

UPLOAD_ROUTE = re.compile(r'/_nicegui/client/[^/]+/upload/[^/]+')
LIMIT = files.MAX_UPLOAD_BYTES + 64 * 1024  # the file and the multipart framing around it


class UploadSizeLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and UPLOAD_ROUTE.fullmatch(scope.get('path', '')):
            length = dict(scope.get('headers', [])).get(b'content-length')
            if length is None or not length.isdigit():
                await PlainTextResponse('请选择文件后重新上传', status_code=411)(scope, receive, send)
                return
            if int(length) > LIMIT:
                await PlainTextResponse(files.MSG_SIZE, status_code=413)(scope, receive, send)
                return
        await self.app(scope, receive, send)
