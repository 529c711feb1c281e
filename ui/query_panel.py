"""A lookup form for the public queries: one tab per way of looking up (its inputs and 查询), one result area."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from nicegui import ui

MAX_LENGTH = 64


@dataclass(frozen=True)
class QueryInput:
    key: str
    label: str


@dataclass(frozen=True)
class QueryMode:
    """One way of looking up, e.g. 按证书编号查询 with the input 证书编号."""

    label: str
    inputs: tuple[QueryInput, ...]


# Called with the index of the mode and the values typed, by key; it shows its answer through the panel.
# Markers and data-testids: query<mode>-<key> on each input, query<mode>-submit, query-message, query-results.
Search = Callable[[int, dict[str, str]], Awaitable[None]]


class QueryPanel:
    def __init__(self, title: str, modes: Sequence[QueryMode], columns: list[dict[str, Any]], on_search: Search,
                 *, note: str = '', mode: int = 0, values: Mapping[str, str] | None = None) -> None:
        self.modes = list(modes)
        self.on_search = on_search
        self.inputs: list[dict[str, ui.input]] = []
        with ui.column().classes('ccaa-card q-pa-lg w-full gap-3'):
            ui.label(title).classes('text-h6').props('role=heading aria-level=1')
            if len(self.modes) > 1:
                with ui.tabs(value=self.modes[mode].label).props('align=left dense no-caps') as tabs:
                    for m in self.modes:
                        ui.tab(m.label)
                with ui.tab_panels(tabs, value=self.modes[mode].label).classes('w-full'):
                    for index, m in enumerate(self.modes):
                        with ui.tab_panel(m.label).classes('q-px-none'):
                            self._form(index, m, values or {})
            else:
                self._form(0, self.modes[0], values or {})
            self.message = ui.label('').classes('text-negative').props('role=status data-testid=query-message') \
                .mark('query-message')
            self.columns = columns
            self.table = ui.table(columns=columns, rows=[], row_key='_key') \
                .props('flat bordered wrap-cells data-testid=query-results').classes('w-full gt-xs').mark('query-results')
            self.table.visible = False
            self.cards = ui.column().classes('w-full xs gap-2')  # a phone gets one card per row instead
            if note:
                ui.label(note).classes('text-caption text-grey-7')

    def _form(self, index: int, mode: QueryMode, values: Mapping[str, str]) -> None:
        fields: dict[str, ui.input] = {}

        async def submit() -> None:
            button.disable()
            try:
                await self.search(index)
            finally:
                button.enable()

        with ui.row().classes('items-start gap-3'):
            for item in mode.inputs:
                fields[item.key] = ui.input(item.label, value=values.get(item.key, '')) \
                    .props(f'outlined dense clearable maxlength={MAX_LENGTH} data-testid=query{index}-{item.key}') \
                    .classes('w-64').on('keydown.enter', submit).mark(f'query{index}-{item.key}')
            button = ui.button('查询', icon='search', on_click=submit) \
                .props(f'unelevated color=primary data-testid=query{index}-submit') \
                .classes('q-mt-xs').mark(f'query{index}-submit')
        self.inputs.append(fields)

    async def search(self, index: int) -> None:
        """Run the mode's lookup with what is typed (also used to answer a link that carries the values)."""
        self.clear()
        await self.on_search(index, {key: (field.value or '').strip() for key, field in self.inputs[index].items()})

    def clear(self) -> None:
        self.message.set_text('')
        for fields in self.inputs:
            for field in fields.values():
                field.error = None
        self.table.rows = []
        self.table.visible = False
        self.cards.clear()

    def show_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.table.rows = [{**row, '_key': number} for number, row in enumerate(rows)]
        self.table.visible = True
        self.cards.clear()
        with self.cards:
            for row in rows:
                with ui.grid(columns='6rem minmax(0, 1fr)').classes('w-full q-pa-sm gap-x-3 gap-y-1 rounded-borders') \
                        .style('border: 1px solid #e0e0e0'):
                    for column in self.columns:
                        ui.label(column['label']).classes('text-caption text-grey-7')
                        ui.label(str(row.get(column['field'], ''))).classes('text-body2').style('white-space: pre-line')

    def show_message(self, text: str) -> None:
        self.message.set_text(text)

    def show_field_error(self, mode: int, key: str, message: str) -> None:
        field = self.inputs[mode].get(key)
        if field is None:
            self.show_message(message)
        else:
            field.error = message
