"""StreamUpload: a 选择文件 button for course documents and videos far larger than memory.

The browser posts each chosen file straight to POST /uploads/{purpose} (pages.uploads) as the raw request body —
it never passes through the page's websocket or ui.upload's memory — with a progress bar showing the file's name
and percentage; when the server has stored it, the browser tells the element, which checks that the file is the
user's own of that purpose and calls on_uploaded(file_id, name). A refusal (type, size, an expired page) stays
beside the button in red until the next try. The browser side is assets/js/stream_upload.js.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from nicegui import ui
from nicegui.events import GenericEventArguments

from domain.engine.upload_tokens import (
    confirmed_name,
    upload_limit,
    upload_path,
    upload_token,
)
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from ui.call import call

log = logging.getLogger(__name__)

MSG_FAILED = '上传失败，请刷新页面后重试'
MSG_NETWORK = '上传中断，请检查网络后重试'

Uploaded = Callable[[int, str], Awaitable[None]]


class StreamUpload(ui.element, component='../assets/js/stream_upload.js'):
    """`StreamUpload('course_video', '视频', '.mp4,.webm', on_uploaded, actor=actor)`; the token that lets this
    page's browser post files of the purpose is made now, for the actor (valid pages.uploads.TOKEN_HOURS)."""

    def __init__(self, purpose: str, kind_label: str, accept: str, on_uploaded: Uploaded, *, actor: Actor,
                 multiple: bool = True) -> None:
        token = upload_token(actor, purpose)  # ValueError for a purpose that takes no streamed files
        limit, too_large = upload_limit(purpose)
        super().__init__()
        self._actor, self._purpose, self._on_uploaded = actor, purpose, on_uploaded
        # values of props reach the browser as data, never spliced into HTML or script
        self._props.update(url=upload_path(purpose), token=token, accept=accept,
                           multiple=multiple, limit=limit, button_label=f'选择{kind_label}',
                           messages={'too_large': too_large, 'failed': MSG_FAILED, 'network': MSG_NETWORK})
        self.on('uploaded', self._uploaded)

    async def _uploaded(self, event: GenericEventArguments) -> None:
        answer = event.args if isinstance(event.args, dict) else {}
        file_id = answer.get('file_id')
        if not isinstance(file_id, int) or isinstance(file_id, bool):
            return
        try:  # the browser's word is not trusted: only the user's own file of this purpose counts
            name = await call(confirmed_name, self._actor, self._purpose, file_id)
        except NotFound:
            log.warning('upload report for file %s of user %s refused', file_id, self._actor.user_id)
            return
        await self._on_uploaded(file_id, name)
