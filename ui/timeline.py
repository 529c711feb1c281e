"""A case's timeline (R13.4, R14.3): every step, who acted, when, and the opinion."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nicegui import ui


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    actor: str
    action: str
    from_stage: str
    to_stage: str
    opinion: str


def case_timeline(entries: Sequence[TimelineEntry]) -> None:
    if not entries:
        ui.label('暂无办理记录').classes('text-grey-7')
        return
    with ui.timeline(side='right').props('layout=dense color=primary').classes('w-full'):
        for entry in entries:
            with ui.timeline_entry(title=f'{entry.action}：{entry.from_stage} → {entry.to_stage}',
                                   subtitle=f'{entry.when}　{entry.actor}'):
                if entry.opinion:
                    ui.label(f'意见：{entry.opinion}').classes('text-body2')
