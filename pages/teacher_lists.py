"""What a teacher is asked to confirm, as a list (培训课程管理 › 课程备案管理, 培训计划管理): the 课程类别 filter in three
cascading selects beside the list's own filters, 查询 / 重置, a paged table whose 操作 column offers 详情 and, where the
row allows it, 确认 (and what a list adds, such as 解除备案). Each list says what it shows and asks its service."""
from __future__ import annotations

from typing import Any

from nicegui import ui

from domain.records import course_categories
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid
from pages.layout import courses_menu
from ui.answer_dialogs import answer_dialog
from ui.call import call
from ui.cascade_select import CascadeSelect

LEVELS = ('一级类别', '二级类别', '三级类别')
BUTTONS = '''
    <q-btn flat dense no-caps color="primary" label="详情" @click="$parent.$emit('detail', props.row)" />
    <q-btn v-if="props.row.can_confirm" flat dense no-caps color="primary" label="确认"
           @click="$parent.$emit('confirm', props.row)" />'''


class TeacherList:
    menu = ''  # its entry of 培训课程管理
    columns: list[dict[str, Any]] = []
    testid = ''
    empty = ''
    more_buttons = ''  # slot buttons beyond 详情 and 确认, each emitting an event the subclass listens to
    confirm_title = ''
    reason_label = '确认意见'

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.picker: CascadeSelect | None = None
        self.table: ui.table | None = None

    async def build(self) -> None:
        courses_menu(self.menu)
        with ui.column().classes('gap-0 w-full'):
            ui.label('课程类别').classes('text-caption text-grey-7')
            self.picker = CascadeSelect(LEVELS, options_of=self.category_options, on_change=None,
                                        name='filter-category')
            await self.picker.show(())
        with ui.row().classes('w-full items-end gap-2'):
            self.filters()
            ui.button('查询', on_click=self.refresh).props('unelevated color=primary data-testid=filter-query')
            ui.button('重置', on_click=self.reset).props('outline color=primary data-testid=filter-reset')
        self.table = ui.table(columns=self.columns, rows=[], row_key='case_id', pagination=10) \
            .props(f'flat bordered no-data-label={self.empty} data-testid={self.testid}').classes('w-full')
        self.table.add_slot('body-cell-actions', f'<q-td :props="props">{BUTTONS}{self.more_buttons}</q-td>')
        self.table.on('detail', lambda e: self.show_detail(e.args['case_id']))
        self.table.on('confirm', lambda e: self.confirm(e.args['case_id']))
        self.listen(self.table)
        await self.refresh()

    # -- what each list says ---------------------------------------------------------------------------

    def filters(self) -> None:
        """The list's own filter fields, beside 查询."""

    def reset_filters(self) -> None:
        """Its filters back to where they start."""

    def listen(self, table: ui.table) -> None:
        """Handlers of the events of more_buttons."""

    async def rows(self, category_id: object | None) -> list[dict[str, Any]]:
        raise NotImplementedError

    async def show_detail(self, case_id: int) -> None:
        raise NotImplementedError

    async def answer(self, case_id: int, result: str, reason: str) -> None:
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------------------------

    async def category_options(self, parent_id: object | None) -> list[tuple[object, str]]:
        return await call(course_categories.options, self.actor, parent_id)  # type: ignore[arg-type]

    async def refresh(self) -> None:
        assert self.table is not None and self.picker is not None
        self.table.rows = await self.rows(self.picker.value)
        self.table.update()

    async def reset(self) -> None:
        assert self.picker is not None
        self.reset_filters()
        await self.picker.show(())
        await self.refresh()

    async def confirm(self, case_id: int) -> None:
        async def submit(result: str, reason: str) -> tuple[str, str] | None:
            try:
                await self.answer(case_id, result, reason)
            except Invalid as error:
                return error.field, error.message
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return None
            ui.notify('确认成功', type='positive')
            await self.refresh()
            return None

        answer_dialog(self.confirm_title, ['同意', '不同意'], self.reason_label, 1000, submit)
