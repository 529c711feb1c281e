"""The step bar and the < 上一步 / 暂存草稿 / 下一步 > buttons of every online application."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

Handler = Callable[[], Awaitable[None]]


def step_bar(steps: Sequence[tuple[str, str]], current: str, reachable: set[str],
             on_select: Callable[[str], Awaitable[None]]) -> None:
    """Numbered steps; the current one highlighted, steps already reached can be revisited by a click."""
    keys = [key for key, _ in steps]
    with ui.row().classes('w-full items-center no-wrap gap-0 ccaa-steps').props('role=list aria-label=办理步骤'):
        for number, (key, title) in enumerate(steps, start=1):
            state = 'current' if key == current else 'done' if keys.index(key) < keys.index(current) else 'todo'
            with ui.row().classes(f'items-center no-wrap gap-2 ccaa-step ccaa-step-{state}') \
                    .props(f'role=listitem data-testid=step-{key}' + (' aria-current=step' if state == 'current' else '')):
                ui.label(str(number)).classes('ccaa-step-number')
                if key in reachable and key != current:
                    ui.link(title).classes('ccaa-step-title').on('click', lambda k=key: on_select(k)) \
                        .props('href=javascript:void(0)')
                else:
                    ui.label(title).classes('ccaa-step-title')
            if number < len(steps):
                ui.element('div').classes('col ccaa-step-line')


def wizard_nav(*, on_previous: Handler | None, on_save: Handler | None, on_next: Handler | None,
               next_label: str = '下一步 >') -> None:
    with ui.row().classes('w-full justify-center gap-3 q-mt-md'):
        if on_previous is not None:
            ui.button('< 上一步', on_click=on_previous).props('outline color=primary data-testid=wizard-previous')
        if on_save is not None:
            ui.button('暂存草稿', on_click=on_save).props('outline color=primary data-testid=wizard-save')
        if on_next is not None:
            ui.button(next_label, on_click=on_next).props('unelevated color=primary data-testid=wizard-next')
