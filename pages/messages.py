"""Message centre (R4.4): 通知 and 消息, newest first, (已读)/(未读); a click marks read and opens the target."""
from __future__ import annotations

from fastapi import Request
from nicegui import ui

from domain.engine import messages
from domain.shared import clock
from domain.shared.actors import Actor
from domain.shared.errors import NotFound
from pages.layout import PortalFrame, portal_frame
from pages.session import actor_of
from ui.call import call
from ui.confirm import confirmed
from ui.inbox import KINDS

PER_PAGE = 20


class MessageCentre:
    def __init__(self, actor: Actor, kind: str, page_frame: PortalFrame) -> None:
        self.actor = actor
        self.frame = page_frame
        self.kind = kind if kind in KINDS else 'message'
        self.page = 1

    async def build(self) -> None:
        with ui.row().classes('w-full items-center'):
            with ui.tabs(value=self.kind, on_change=self._on_kind).props('align=left dense no-caps'):
                for key, label in KINDS.items():
                    ui.tab(key, label)
            ui.space()
            ui.button('全部已读', on_click=self.read_all).props('flat color=primary')
            ui.button('全部清空', on_click=self.confirm_clear).props('flat color=negative')
        self.list = ui.column().classes('w-full gap-0')
        self.pager = ui.pagination(1, 1, direction_links=True, on_change=self._on_page).props('input')
        await self.refresh()

    async def _on_kind(self, event) -> None:  # type: ignore[no-untyped-def]
        self.kind, self.page = event.value, 1
        await self.refresh()

    async def _on_page(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.value != self.page:
            self.page = event.value
            await self.refresh()

    async def refresh(self) -> None:
        total = await call(messages.count_messages, self.actor, self.kind)
        rows = await call(messages.list_messages, self.actor, self.kind, PER_PAGE, (self.page - 1) * PER_PAGE)
        self.pager.max = max(1, -(-total // PER_PAGE))
        self.pager.set_visibility(total > PER_PAGE)
        self.list.clear()
        with self.list:
            if not rows:
                ui.label(f'暂无{KINDS[self.kind]}').classes('text-grey-7 q-pa-md')
            for message in rows:
                self._item(message)

    def _item(self, message: messages.MessageView) -> None:
        state = '(已读)' if message.read else '(未读)'
        with ui.row().classes('w-full items-start no-wrap q-py-sm q-px-sm cursor-pointer ccaa-message') \
                .on('click', lambda m=message: self.open(m)).props(f'role=link tabindex=0 data-testid=message-{message.id}') \
                .on('keydown.enter', lambda m=message: self.open(m)):
            ui.label(state).classes('text-grey-7' if message.read else 'text-negative text-weight-bold')
            with ui.column().classes('gap-0 col'):
                ui.label(message.title).classes('text-body1' if message.read else 'text-body1 text-weight-bold')
                if message.body:
                    ui.label(message.body).classes('text-body2 text-grey-8')
            ui.label(clock.local_text(message.created_at)).classes('text-caption text-grey-7')

    async def open(self, message: messages.MessageView) -> None:
        try:
            link = await call(messages.mark_read, self.actor, message.id)
        except NotFound:
            await self.refresh()
            return
        if link:
            ui.navigate.to(link)
        else:
            await self.refresh()

    async def read_all(self) -> None:
        await call(messages.mark_all_read, self.actor, self.kind)
        ui.notify('已全部标记为已读', type='positive')
        await self.refresh()
        await self.frame.refresh_badges()

    async def confirm_clear(self) -> None:
        if await confirmed(f'确定清空全部{KINDS[self.kind]}吗？清空后不可恢复。', yes='确定'):
            await call(messages.clear_all, self.actor, self.kind)
            ui.notify('已清空', type='positive')
            await self.refresh()
            await self.frame.refresh_badges()


@ui.page('/my/messages', title='消息中心 - CCAA综合服务平台')
async def messages_page(request: Request, kind: str = 'message') -> None:
    actor = actor_of(request)
    async with portal_frame(actor, subtitle='消息中心') as page_frame:
        with ui.column().classes('ccaa-card q-pa-md w-full gap-2'):
            ui.label('消息中心').classes('text-h6')
            await MessageCentre(actor, kind, page_frame).build()
