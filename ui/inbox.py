"""The header's 通知 (N) and 消息 (N) drop-downs of the manual (§3.4): the latest few, each followed by (未读) or (已读),
with 全部清空 and 全部已读 at the bottom and the full list one link further.

The lists are read when a drop-down opens, not when the page is built: most pages are never asked for them.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from nicegui import ui

from ui.confirm import confirmed

KINDS = {'notice': '通知', 'message': '消息'}
LATEST = 5


@dataclass(frozen=True)
class InboxItem:
    id: int
    title: str
    read: bool


class InboxSource(Protocol):
    """What the drop-downs ask of the page that holds them; every call answers for the logged-in person only."""

    async def counts(self) -> Mapping[str, int]: ...

    async def latest(self, kind: str, limit: int) -> Sequence[InboxItem]: ...

    async def open(self, item_id: int) -> str | None:
        """Mark the item read; its target page, if it has one."""

    async def read_all(self, kind: str) -> None: ...

    async def clear(self, kind: str) -> None: ...


def full_list_url(kind: str) -> str:
    return f'/my/messages?kind={kind}'


class Inbox:
    """Both drop-downs of one page, and the counts on their buttons."""

    def __init__(self, source: InboxSource) -> None:
        self.source = source
        self.buttons: dict[str, ui.button] = {}
        self.menus: dict[str, ui.menu] = {}
        self.lists: dict[str, ui.column] = {}

    def build(self, counts: Mapping[str, int]) -> None:
        for kind in KINDS:
            self.buttons[kind] = ui.button(on_click=lambda kind=kind: self.toggle(kind)) \
                .props(f'flat dense no-caps color=white aria-haspopup=menu data-testid={kind}-count') \
                .mark(f'{kind}-count')
        self.show(counts)

    def _menu(self, kind: str) -> ui.menu:
        """The drop-down, made the first time it is opened: most pages never open one."""
        if kind not in self.menus:
            with self.buttons[kind]:
                with ui.menu().props('no-parent-event anchor="bottom right" self="top right"') \
                        .classes('ccaa-inbox') as menu:
                    self.lists[kind] = ui.column().classes('w-full gap-0').props(f'data-testid={kind}-menu')
            self.menus[kind] = menu
        return self.menus[kind]

    def show(self, counts: Mapping[str, int]) -> None:
        for kind, button in self.buttons.items():
            button.set_text(f'{KINDS[kind]} ({counts.get(kind, 0)})')

    async def refresh_counts(self) -> None:
        self.show(await self.source.counts())

    async def toggle(self, kind: str) -> None:
        menu = self._menu(kind)
        if menu.value:
            menu.close()
            return
        for other in self.menus.values():
            other.close()
        await self.fill(kind)
        menu.open()
        # the menu is drawn at the end of the page: the keyboard is taken into it (Esc gives focus back)
        ui.run_javascript(f'setTimeout(() => document.querySelector(\'[data-inbox-first="{kind}"]\')?.focus(), 100)')

    async def fill(self, kind: str) -> None:
        items = await self.source.latest(kind, LATEST)
        target = self.lists[kind]
        target.clear()
        with target:
            with ui.list().props('separator').classes('w-full'):
                if not items:
                    with ui.item():
                        ui.item_label(f'暂无{KINDS[kind]}').classes('text-grey-7')
                for item in items:
                    self._item(kind, item).props(f'data-inbox-first={kind}' if item is items[0] else '')
            with ui.row().classes('w-full items-center justify-end gap-1 q-px-sm q-py-xs no-wrap'):
                everything = ui.link('查看全部', full_list_url(kind)).classes('text-body2 q-mr-auto')
                if not items:
                    everything.props(f'data-inbox-first={kind}')
                ui.button('全部清空', on_click=lambda: self.clear(kind)).props('flat dense no-caps color=negative')
                ui.button('全部已读', on_click=lambda: self.read_all(kind)).props('flat dense no-caps color=primary')

    def _item(self, kind: str, item: InboxItem) -> ui.item:
        state = '(已读)' if item.read else '(未读)'
        with ui.item(on_click=lambda: self.open(kind, item)).props(f'data-testid=inbox-{item.id}') \
                .mark('inbox-item') as element:
            with ui.item_section():
                with ui.item_label().classes('ccaa-inbox-title' + ('' if item.read else ' text-weight-bold')):
                    ui.label(item.title).classes('inline')
                    ui.label(f' {state}').classes('inline q-ml-xs ' + ('text-grey-7' if item.read else 'text-negative'))
        return element

    async def open(self, kind: str, item: InboxItem) -> None:
        link = await self.source.open(item.id)
        if link:
            ui.navigate.to(link)
            return
        await self.fill(kind)
        await self.refresh_counts()

    async def read_all(self, kind: str) -> None:
        await self.source.read_all(kind)
        await self.fill(kind)
        await self.refresh_counts()

    async def clear(self, kind: str) -> None:
        self.menus[kind].close()
        if await confirmed(f'确定清空全部{KINDS[kind]}吗？清空后不可恢复。', yes='确定'):
            await self.source.clear(kind)
            await self.refresh_counts()
