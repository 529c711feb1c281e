"""A question the person answers before something that cannot be undone (删除草稿)."""
from __future__ import annotations

from nicegui import ui


async def confirmed(question: str, detail: str = '', yes: str = '删除') -> bool:
    with ui.dialog() as dialog, ui.card().style('width: 28rem; max-width: 95vw').props('data-testid=confirm'):
        dialog.props['aria-label'] = question
        ui.label(question).classes('text-h6')
        if detail:
            ui.label(detail).classes('text-grey-7')
        with ui.row().classes('w-full justify-end'):
            ui.button('取消', on_click=lambda: dialog.submit(False)).props('flat')
            ui.button(yes, on_click=lambda: dialog.submit(True)) \
                .props('unelevated color=negative data-testid=confirm-yes').mark('confirm-yes')
    return bool(await dialog)
