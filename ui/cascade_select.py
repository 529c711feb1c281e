"""Three selects, each offering the children of what the one before it holds (课程类别: 一级 > 二级 > 三级). Knows no
service: the options of a level come from options_of(parent value), the chosen last level goes to on_change."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from nicegui import ui

Options = Callable[[object | None], Awaitable[list[tuple[object, str]]]]


class CascadeSelect(ui.column):
    def __init__(self, labels: Sequence[str], *, options_of: Options,
                 on_change: Callable[[object | None], Awaitable[None]] | None, name: str) -> None:
        super().__init__()
        self.classes('gap-0 w-full')
        self._options_of = options_of
        self._on_change = on_change
        # what each level holds as far as this component knows: a change event that reports it again (the echo of
        # a value set here) is not the user's and is ignored
        self._values: list[object | None] = [None] * len(labels)
        with self, ui.row().classes('w-full gap-2 items-start'):
            self.selects = [ui.select({}, label=label, on_change=lambda e, level=i: self._changed(level, e.value))
                            .props(f'outlined dense data-testid=field-{name}-{i + 1}').classes('col-12 col-sm')
                            for i, label in enumerate(labels)]
        self.error_label = ui.label('').classes('text-negative text-caption').props('role=alert')

    @property
    def value(self) -> object | None:
        """The deepest level chosen, whichever it is (None when nothing is)."""
        return next((v for v in reversed(self._values) if v is not None), None)

    async def show(self, chosen: Sequence[object]) -> None:
        """Fill every level, with the values of chosen (from the first level down) selected."""
        parent: object | None = None
        for level, select in enumerate(self.selects):
            value = chosen[level] if level < len(chosen) else None
            options = dict(await self._options_of(parent)) if level == 0 or parent is not None else {}
            self._values[level] = value if value in options else None
            select.set_options(options, value=self._values[level])
            parent = self._values[level]

    async def _changed(self, level: int, value: object | None) -> None:
        if value == self._values[level]:
            return
        self._values[level] = value
        for index in range(level + 1, len(self.selects)):
            options = dict(await self._options_of(value)) if index == level + 1 and value is not None else {}
            self._values[index] = None
            self.selects[index].set_options(options, value=None)
        if self._on_change is not None:
            await self._on_change(value if level == len(self.selects) - 1 else None)
