"""What changed since an earlier version, as a short list: a coloured word (新增 / 修改 / 删除), what it is about,
and for a change each field's old and new text. Knows nothing of cases; pages hand it plain entries."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nicegui import ui

from ui.scoring_panel import flag_badge


@dataclass(frozen=True)
class ChangeEntry:
    flag: str
    subject: str
    details: Sequence[tuple[str, str, str]] = ()  # (field label, before, after)


def change_list(title: str, caption: str, entries: Sequence[ChangeEntry], empty: str) -> None:
    with ui.column().classes('w-full gap-1 q-pa-sm rounded-borders bg-orange-1').props('data-testid=changes'):
        ui.label(title).classes('text-subtitle2 text-weight-bold')
        ui.label(caption).classes('text-caption text-grey-8')
        if not entries:
            ui.label(empty).classes('text-body2')
            return
        for entry in entries:
            with ui.row().classes('items-start gap-2 no-wrap'):
                flag_badge(entry.flag)
                with ui.column().classes('gap-0'):
                    ui.label(entry.subject).classes('text-body2')
                    for label, before, after in entry.details:
                        ui.label(f'{label}：{before or "（空）"} → {after or "（空）"}').classes('text-caption text-grey-8')
