"""附件: the files attached to a form so far, each to open or 删除, and an upload for one more."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nicegui import events, ui

from domain.shared.actors import Actor
from ui.stream_upload import StreamUpload

# (file id, name) of each attachment, in order
Attachments = Sequence[tuple[int, str]]


class AttachmentList:
    """on_upload(name, data) and on_remove(file_id) return the attachments as they now are, or raise ValueError
    with the message to show beside the list (e.g. the file's content is not allowed)."""

    def __init__(self, label: str, attachments: Attachments, *, link_of: Callable[[int], str],
                 on_upload: Callable[[str, bytes], Awaitable[Attachments]],
                 on_remove: Callable[[int], Awaitable[Attachments]], max_files: int, accept: str,
                 max_bytes: int, rule: str) -> None:
        self._link_of = link_of
        self._on_upload = on_upload
        self._on_remove = on_remove
        self._max_files = max_files
        self._attachments = list(attachments)
        with ui.column().classes('w-full gap-1').props('data-testid=attachments'):
            ui.label(f'{label}（最多{max_files}个，{rule}）').classes('text-caption text-grey-8')
            self._list = ui.column().classes('w-full gap-1')
            self.upload = self._uploader(label, accept, max_bytes, rule)
            self.error_label = ui.label('').classes('text-negative text-caption').props('role=alert')
        self._show()

    def _uploader(self, label: str, accept: str, max_bytes: int, rule: str) -> ui.element:
        return ui.upload(label=f'选择{label}', auto_upload=True, max_file_size=max_bytes, on_upload=self._handle,
                         on_rejected=lambda: self.show_error(f'请选择{rule}的文件')) \
            .props(f'flat bordered accept="{accept}"').classes('w-full')

    def _show(self) -> None:
        self._list.clear()
        with self._list:
            if not self._attachments:
                ui.label('未上传').classes('text-grey-7')
            for file_id, name in self._attachments:
                with ui.row().classes('items-center gap-2'):
                    ui.icon('attach_file', color='grey-7')
                    ui.link(name, self._link_of(file_id), new_tab=True)
                    remove = ui.button('删除', on_click=lambda _, f=file_id: self._remove(f)) \
                        .props('flat dense no-caps color=negative')
                    remove.props['aria-label'] = f'删除{name}'  # a value, never inside a props string: names are typed
        self.upload.set_visibility(len(self._attachments) < self._max_files)

    def _reset_upload(self) -> None:
        self.upload.reset()  # type: ignore[attr-defined]

    def show_error(self, message: str | None) -> None:
        self.error_label.set_text(message or '')

    async def _handle(self, event: events.UploadEventArguments) -> None:
        self.show_error(None)
        try:
            self._attachments = list(await self._on_upload(event.file.name, await event.file.read()))
        except ValueError as error:
            self.show_error(str(error))
        self._reset_upload()
        self._show()

    async def _remove(self, file_id: int) -> None:
        self.show_error(None)
        try:
            self._attachments = list(await self._on_remove(file_id))
        except ValueError as error:
            self.show_error(str(error))
            return
        self._show()


class StreamedAttachmentList(AttachmentList):
    """The same list for files too large to pass through the page (course documents and videos): the browser streams
    each straight to the server (StreamUpload), then on_link(file_id) adds it and returns the attachments."""

    def __init__(self, label: str, attachments: Attachments, *, link_of: Callable[[int], str],
                 on_link: Callable[[int], Awaitable[Attachments]], on_remove: Callable[[int], Awaitable[Attachments]],
                 max_files: int, accept: str, rule: str, purpose: str, actor: Actor) -> None:
        self._on_link, self._purpose, self._actor = on_link, purpose, actor
        super().__init__(label, attachments, link_of=link_of, on_upload=self._refuse, on_remove=on_remove,
                         max_files=max_files, accept=accept, max_bytes=0, rule=rule)

    def _uploader(self, label: str, accept: str, max_bytes: int, rule: str) -> ui.element:
        return StreamUpload(self._purpose, label, accept, self._linked, actor=self._actor)

    def _reset_upload(self) -> None:
        pass

    async def _refuse(self, name: str, data: bytes) -> Attachments:
        raise ValueError('请选择文件')

    async def _linked(self, file_id: int, name: str) -> None:
        self.show_error(None)
        try:
            self._attachments = list(await self._on_link(file_id))
        except ValueError as error:
            self.show_error(str(error))
        self._show()
