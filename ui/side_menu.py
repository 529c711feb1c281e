"""The user centre's left menu; the current entry is highlighted."""
from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui


def side_menu(entries: Sequence[tuple[str, str]], active: str) -> None:
    """entries: (label, path); `active` is the label of the current entry."""
    with ui.column().classes('ccaa-card q-py-sm w-48 gap-0 self-start').props('role=navigation aria-label=用户中心'):
        ui.label('用户中心').classes('text-subtitle1 text-weight-bold q-px-md q-py-sm')
        for label, path in entries:
            link = ui.link(label, path).classes('ccaa-menu-item q-px-md q-py-sm no-underline')
            if label == active:
                link.classes('ccaa-menu-active').props('aria-current=page')
