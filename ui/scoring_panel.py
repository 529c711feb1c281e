"""Row-by-row 审核结果 (符合 / 不符合 with a reason); 不符合 rows are appended to an opinion field as they are
marked, and taken out again when the mark changes. Used for experience rows and for the files of a course evaluation:
it knows only keys, texts and callbacks."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from nicegui import ui

# on_mark(key, verdict, reason) -> (line for the opinion or None, error message or None)
OnMark = Callable[[str, str, str], Awaitable[tuple[str | None, str | None]]]


@dataclass(frozen=True)
class ScoreItem:
    key: str
    cells: Sequence[str]
    verdict: str | None = None
    reason: str = ''
    flag: str = ''  # a word beside the row's first cell, e.g. 新增 / 修改 since the application was returned


@dataclass(frozen=True)
class ScoreGroup:
    title: str
    columns: Sequence[str]
    items: Sequence[ScoreItem]


_HEAD = 'text-caption text-grey-7 text-left font-normal align-bottom whitespace-nowrap ccaa-score-head'
FLAG_COLOURS = {'新增': 'positive', '修改': 'deep-orange-10', '删除': 'negative'}  # each 4.5:1 on white


def flag_badge(flag: str) -> None:
    ui.badge(flag, color=FLAG_COLOURS.get(flag, 'grey-7')).props('outline').classes('text-caption')


class ScoringPanel(ui.column):
    def __init__(self, groups: Sequence[ScoreGroup], *, on_mark: OnMark | None,
                 opinion: ui.textarea | None = None) -> None:
        super().__init__()
        self.classes('w-full gap-3')
        self.on_mark = on_mark
        self.opinion = opinion
        self.lines: dict[str, str] = {}
        with self:
            for group in groups:
                self._group(group)

    def _group(self, group: ScoreGroup) -> None:
        ui.label(group.title).classes('text-subtitle2 text-weight-bold')
        if not group.items:
            ui.label('暂无数据').classes('text-grey-7 text-caption')
            return
        # a real table, so that a screen reader announces each cell with its column (R14.8); the box around it
        # scrolls sideways on a phone
        with ui.element('div').classes('w-full ccaa-score-grid'):
            table = ui.element('table').classes('w-full border-collapse')
            table.props['aria-label'] = group.title
        with table:
            with ui.element('thead'), ui.element('tr'):
                for column, width in [(column, 'min-width: 6rem') for column in group.columns] + \
                        [('审核结果', 'min-width: 16rem; width: 35%')]:
                    with ui.element('th').classes(_HEAD).style(width).props('scope=col'):
                        ui.label(column)
            with ui.element('tbody'):
                for item in group.items:
                    with ui.element('tr'):
                        for index, cell in enumerate(item.cells):
                            with ui.element('td').classes('ccaa-score-cell align-top'), \
                                    ui.column().classes('items-start gap-0'):
                                if index == 0 and item.flag:
                                    flag_badge(item.flag)
                                ui.label(cell or '—').classes('text-body2')
                        with ui.element('td').classes('ccaa-score-cell align-top'):
                            self._verdict(item)

    def _verdict(self, item: ScoreItem) -> None:
        with ui.column().classes('gap-1').props(f'data-testid=verdict-{item.key}'):
            if self.on_mark is None:
                text = item.verdict or '未审核'
                ui.label(f'{text}（{item.reason}）' if item.verdict == '不符合' else text) \
                    .classes('text-negative' if item.verdict == '不符合' else '')
                return
            radio = ui.radio(['符合', '不符合'], value=item.verdict).props('inline dense')
            radio.props['aria-label'] = f'{item.cells[0] if item.cells else ""}的审核结果'  # which row it judges
            reason = ui.input(placeholder='请填写不符合的原因', value=item.reason) \
                .props('dense outlined').classes('w-full').mark(f'reason-{item.key}')
            reason.set_visibility(item.verdict == '不符合')

            async def mark() -> None:
                verdict = radio.value
                reason.set_visibility(verdict == '不符合')
                if verdict == '不符合' and not (reason.value or '').strip():
                    self._set_line(item.key, None)
                    reason.props('error error-message=请填写不符合的原因')
                    return
                reason.props(remove='error error-message')
                line, error = await self.on_mark(item.key, verdict, reason.value or '')  # type: ignore[misc]
                if error:
                    ui.notify(error, type='negative')
                    return
                self._set_line(item.key, line)

            radio.on_value_change(mark)
            reason.on('blur', mark)
            reason.on('keydown.enter', mark)

    def _set_line(self, key: str, line: str | None) -> None:
        """Keep the opinion in step: the row's old line out, its new one (if any) in."""
        if self.opinion is None:
            return
        text = self.opinion.value or ''
        old = self.lines.pop(key, None)
        if old and old in text:
            text = '\n'.join(part for part in text.split('\n') if part != old)
        if line:
            text = f'{text.rstrip()}\n{line}'.lstrip('\n')
            self.lines[key] = line
        self.opinion.set_value(text)
