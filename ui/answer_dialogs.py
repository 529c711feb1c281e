"""The two dialogs of a list where people answer what is asked of them (教师确认): 详情, the facts read-only, and the
answer — one result among a few and a reason — whose refusal stays beside its field. Know no particular service."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

from ui.field_error import show_field_error

# on_submit(result, reason) -> None when accepted, or (field, message) to show: field 'result' or 'opinion'
Submit = Callable[[str, str], Awaitable[tuple[str, str] | None]]


def facts_dialog(title: str, facts: Sequence[tuple[str, str]], testid: str = 'detail') -> None:
    with ui.dialog() as dialog, ui.card().style('width: 44rem; max-width: 95vw').props(f'data-testid={testid}'):
        dialog.props['aria-label'] = title
        ui.label(title).classes('text-h6')
        for label, value in facts:
            with ui.row().classes('gap-2 no-wrap items-start w-full'):
                ui.label(f'{label}：').classes('text-grey-7 col-auto')
                ui.label(value or '—').classes('col').style('overflow-wrap: anywhere; white-space: pre-wrap')
        with ui.row().classes('w-full justify-end'):
            ui.button('关闭', on_click=dialog.close).props('flat')
    dialog.open()


def answer_dialog(title: str, results: Sequence[str], reason_label: str, max_length: int, on_submit: Submit,
                  testid: str = 'confirm') -> None:
    with ui.dialog() as dialog, ui.card().style('width: 36rem; max-width: 95vw').props(f'data-testid={testid}'):
        dialog.props['aria-label'] = title
        ui.label(title).classes('text-h6')
        with ui.column().classes('gap-0'):
            ui.label('* 确认结果').classes('text-body2')
            result = ui.radio(list(results), value=None).props(f'inline data-testid={testid}-result')
            result_error = ui.label('').classes('text-negative text-caption').props('role=alert')
        reason = ui.textarea(reason_label, placeholder='不同意时必填') \
            .props(f'outlined autogrow counter maxlength={max_length} data-testid={testid}-opinion').classes('w-full')

        async def submit() -> None:
            result_error.set_text('')
            refused = await on_submit(result.value or '', reason.value or '')
            if refused is None:
                dialog.close()
            elif refused[0] == 'result':
                result_error.set_text(refused[1])
            else:
                show_field_error(reason, refused[1])

        with ui.row().classes('w-full justify-end'):
            ui.button('取消', on_click=dialog.close).props('flat')
            ui.button('提交', on_click=submit).props(f'unelevated color=primary data-testid={testid}-submit')
    dialog.open()
