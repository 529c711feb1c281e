"""An uploaded video played inside the page (GET /files/{id}, which answers Range requests), with remarks tied to
points in it: 时间 (typed, or 当前时间 from the player) and 备注 make '12:30 画面与讲义不符'; the remarks are listed by
time, a click on one moves the player there, and each has 删除. The caller keeps them: on_change gets the whole
list after every change. No text of the user's is ever written into JavaScript: only element ids and numbers."""
from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Iterable

from nicegui import ui

from domain.shared import timecodes
from domain.shared.errors import DomainError, Invalid
from ui.field_error import show_field_error

Remark = tuple[int, str]  # (seconds into the video, text)
OnChange = Callable[[list[Remark]], Awaitable[None]]

MAX_REMARK_LENGTH = 200
MSG_TEXT = '请填写备注内容'
MSG_TEXT_LONG = f'备注不能超过 {MAX_REMARK_LENGTH} 个字'
MSG_DUPLICATE = '该备注已添加'
MSG_NO_TIME = '无法读取播放器的当前时间，请手动填写'


def video_url(file_id: int) -> str:
    return f'/files/{int(file_id)}'


class VideoPlayer(ui.column):
    def __init__(self, file_id: int, name: str, remarks: Iterable[Remark] = (),
                 on_change: OnChange | None = None) -> None:
        super().__init__()
        self.classes('w-full gap-2')
        self.remarks: list[Remark] = sorted(remarks)
        self.on_change = on_change
        with self:
            with ui.row().classes('w-full items-center gap-2'):
                ui.icon('movie', color='primary').props('aria-hidden=true')
                ui.label(name).classes('text-subtitle2 col').style('overflow-wrap: anywhere')
            self.video = ui.element('video') \
                .props('controls playsinline preload=metadata data-testid=video-player').mark('video-player') \
                .classes('w-full').style('max-height: 60vh; background: #000; border-radius: 4px')
            self.video.props['src'] = video_url(file_id)
            self.video.props['aria-label'] = name
            with ui.row().classes('w-full items-start gap-2'):
                self.time_input = ui.input('时间', placeholder='分:秒，如 12:30') \
                    .props('outlined dense data-testid=remark-time').mark('remark-time').style('width: 13rem')
                ui.button('当前时间', icon='schedule', on_click=self.take_current_time) \
                    .props('outline no-caps data-testid=remark-now').mark('remark-now').classes('q-mt-xs')
                self.text_input = ui.input('备注', placeholder='如：画面与讲义不符') \
                    .props(f'outlined dense counter maxlength={MAX_REMARK_LENGTH} data-testid=remark-text') \
                    .mark('remark-text').classes('col').style('min-width: 12rem')
                ui.button('添加备注', icon='add', on_click=self.add) \
                    .props('unelevated no-caps color=primary data-testid=remark-add').mark('remark-add') \
                    .classes('q-mt-xs')
            self.text_input.on('keydown.enter', self.add)
            self.list_box = ui.column().classes('w-full gap-1').props('data-testid=remarks').mark('remarks')
        self._draw_list()

    def _draw_list(self) -> None:
        self.list_box.clear()
        with self.list_box:
            if not self.remarks:
                ui.label('暂无备注').classes('text-grey-6 text-caption')
            for seconds, text in self.remarks:
                line = timecodes.remark_line(seconds, text)
                with ui.row().classes('w-full items-center no-wrap gap-1'):
                    jump = ui.button(line, icon='play_circle_outline', on_click=lambda s=seconds: self.seek(s)) \
                        .props('flat dense no-caps align=left color=primary data-testid=remark').mark('remark') \
                        .classes('col text-left').style('overflow-wrap: anywhere')
                    jump.props['title'] = '跳转到该时间'
                    delete = ui.button('删除', on_click=lambda r=(seconds, text): self.delete(r)) \
                        .props('flat dense no-caps color=negative data-testid=remark-delete').mark('remark-delete')
                    delete.props['aria-label'] = f'删除备注 {line}'

    def seek(self, seconds: int) -> None:
        """Move the player to `seconds` (a number only goes into the script)."""
        ui.run_javascript(f'const v = getHtmlElement({self.video.id}); '
                          f'if (v) {{ v.currentTime = {json.dumps(int(seconds))}; }}')

    async def take_current_time(self) -> None:
        """当前时间: the player's position into 时间."""
        try:
            position = await ui.run_javascript(
                f'const v = getHtmlElement({self.video.id}); return v ? v.currentTime : null;')
        except TimeoutError:
            position = None
        if not isinstance(position, int | float) or not math.isfinite(position) or position < 0:
            show_field_error(self.time_input, MSG_NO_TIME)
            return
        self.time_input.props(remove='error error-message')
        self.time_input.set_value(timecodes.format(position))

    async def add(self) -> None:
        """添加备注: checked beside each field, kept in time order, then handed to on_change."""
        for field in (self.time_input, self.text_input):
            field.props(remove='error error-message')
        try:
            seconds = timecodes.parse(self.time_input.value or '')
        except Invalid as error:
            show_field_error(self.time_input, error.message)
            return
        text = ' '.join((self.text_input.value or '').split())
        if not text:
            show_field_error(self.text_input, MSG_TEXT)
            return
        if len(text) > MAX_REMARK_LENGTH:
            show_field_error(self.text_input, MSG_TEXT_LONG)
            return
        if (seconds, text) in self.remarks:
            show_field_error(self.text_input, MSG_DUPLICATE)
            return
        if await self._change(sorted([*self.remarks, (seconds, text)])):
            self.time_input.set_value('')
            self.text_input.set_value('')

    async def delete(self, remark: Remark) -> None:
        await self._change([r for r in self.remarks if r != remark])

    async def _change(self, remarks: list[Remark]) -> bool:
        """Keep the new list if the caller accepts it; a refusal (a DomainError) leaves the old one."""
        if self.on_change is not None:
            try:
                await self.on_change(list(remarks))
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return False
        self.remarks = remarks
        self._draw_list()
        return True
