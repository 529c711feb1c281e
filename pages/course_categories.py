"""课程类别管理 for CCAA staff (R10): the three-level course-category tree, 新增, 重命名, 停用 and 启用."""
from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from nicegui import ui

from domain.records import course_categories
from domain.records.course_categories import CategoryNode
from domain.shared.actors import Actor
from domain.shared.errors import DomainError, Invalid, NotAllowed
from pages.layout import portal_frame
from pages.session import actor_of
from ui.call import call

LEVEL_ICONS = {1: 'folder', 2: 'folder_open', 3: 'label'}


@ui.page('/staff/course-categories', title='课程类别管理 - CCAA综合服务平台')
async def course_categories_page(request: Request) -> None:
    actor = actor_of(request)
    async with portal_frame(actor, subtitle='协会工作台'):
        with ui.column().classes('ccaa-card q-pa-md w-full gap-2'):
            try:
                course_categories.require_staff(actor)
            except NotAllowed as error:
                ui.label(error.message).classes('text-negative').props('data-testid=refusal')
                return
            with ui.row().classes('w-full items-center justify-between'):
                ui.label('课程类别管理').classes('text-h6')
                with ui.row().classes('gap-4 items-center'):
                    ui.link('返回协会工作台', '/staff')
                    ui.button('新增一级类别', icon='add',
                              on_click=lambda: name_dialog('新增一级类别', '', '已新增课程类别', category_tree.refresh,
                                                           lambda name: course_categories.add(actor, None, name))) \
                        .props('unelevated color=primary no-caps data-testid=add-root').mark('add-root')
            ui.label('课程类别分三级。停用的类别仍保留在已使用它的记录上，但不再供新的选择；停用一个类别时，其下级类别一并停用。') \
                .classes('text-caption text-grey-7')

            @ui.refreshable
            async def category_tree() -> None:
                try:
                    roots = await call(course_categories.tree, actor)
                except DomainError as error:
                    ui.label(error.message).classes('text-negative')
                    return
                if not roots:
                    ui.label('暂无课程类别').classes('text-grey-7')
                    return
                with ui.column().classes('w-full gap-0').props('data-testid=category-tree'):
                    for root in roots:
                        _draw(actor, root, category_tree.refresh)

            await category_tree()


def _draw(actor: Actor, node: CategoryNode, refresh: Callable[[], None]) -> None:
    """One category on its own line, indented by level, then those under it."""
    with ui.row().classes('w-full items-center justify-between gap-x-2 gap-y-0 q-py-xs') \
            .style(f'padding-left: {(node.level - 1) * 1.5}rem; border-bottom: 1px solid #eceff1') \
            .props(f'data-testid=category-{node.id}'):
        with ui.row().classes('items-center gap-2 no-wrap').style('min-width: 0; flex: 1 1 12rem'):
            ui.icon(LEVEL_ICONS.get(node.level, 'label'), color='grey-5' if node.retired else 'primary')
            ui.label(node.name).classes('text-weight-medium' if node.level == 1 else '') \
                .classes('text-grey-6' if node.retired else '').style('overflow-wrap: anywhere')
            if node.retired:
                ui.badge('已停用', color='grey-6').props(f'data-testid=retired-{node.id}').mark(f'retired-{node.id}')
        with ui.row().classes('items-center gap-0'):
            if node.level < course_categories.MAX_LEVEL and not node.retired:
                _button('新增下级', 'add', f'add-child-{node.id}',
                        lambda: name_dialog(f'新增下级类别：{node.name}', '', '已新增课程类别', refresh,
                                            lambda name: course_categories.add(actor, node.id, name)))
            _button('重命名', 'edit', f'rename-{node.id}',
                    lambda: name_dialog(f'重命名：{node.name}', node.name, '已重命名', refresh,
                                        lambda name: course_categories.rename(actor, node.id, name)))
            if node.retired:
                _button('启用', 'play_circle', f'restore-{node.id}', lambda: restore(actor, node, refresh))
            else:
                _button('停用', 'block', f'retire-{node.id}', lambda: retire(actor, node, refresh), color='negative')
    for child in node.children:
        _draw(actor, child, refresh)


def _button(text: str, icon: str, testid: str, on_click: Callable[[], object], color: str = 'primary') -> None:
    ui.button(text, icon=icon, on_click=on_click) \
        .props(f'flat dense no-caps color={color} data-testid={testid}').classes('q-px-xs').mark(testid)


async def name_dialog(title: str, initial: str, done: str, refresh: Callable[[], None],
                      save: Callable[[str], object]) -> None:
    """One input, 类别名称; a refusal shows under it and what was typed stays."""
    with ui.dialog() as dialog, ui.card().style('width: 28rem; max-width: 95vw'):
        dialog.props['aria-label'] = title
        ui.label(title).classes('text-h6').style('overflow-wrap: anywhere')
        box = ui.input('类别名称', value=initial).props('outlined dense autofocus data-testid=category-name') \
            .classes('w-full').mark('category-name')

        async def submit() -> None:
            box.error = None
            try:
                await call(save, box.value or '')
            except Invalid as error:  # about the name, or (新增下级 of a third level) where it would go
                box.error = error.message
                return
            except DomainError as error:
                ui.notify(error.message, type='negative')
                return
            dialog.submit(True)

        box.on('keydown.enter', submit)
        with ui.row().classes('w-full justify-end'):
            ui.button('取消', on_click=dialog.close).props('flat')
            ui.button('保存', on_click=submit).props('unelevated color=primary data-testid=category-submit') \
                .mark('category-submit')
    saved = await dialog
    dialog.delete()  # closed dialogs stay in the page until deleted
    if saved:
        ui.notify(done, type='positive')
        refresh()


async def retire(actor: Actor, node: CategoryNode, refresh: Callable[[], None]) -> None:
    below = '，其下级类别也将一并停用' if node.children else ''
    with ui.dialog() as dialog, ui.card().style('max-width: 95vw'):
        dialog.props['aria-label'] = '停用类别'
        ui.label(f'停用【{node.name}】{below}。已使用的记录保留该类别，但不再供新的选择。')
        with ui.row().classes('w-full justify-end'):
            ui.button('取消', on_click=lambda: dialog.submit(False)).props('flat')
            ui.button('停用', on_click=lambda: dialog.submit(True)) \
                .props('unelevated color=negative data-testid=retire-confirm').mark('retire-confirm')
    confirmed = await dialog
    dialog.delete()
    if not confirmed:
        return
    try:
        count = await call(course_categories.retire, actor, node.id)
    except DomainError as error:
        ui.notify(error.message, type='negative')
        return
    ui.notify(f'已停用 {count} 个课程类别' if count > 1 else '已停用', type='positive')
    refresh()


async def restore(actor: Actor, node: CategoryNode, refresh: Callable[[], None]) -> None:
    try:
        await call(course_categories.restore, actor, node.id)
    except DomainError as error:
        ui.notify(error.message, type='negative')
        return
    ui.notify('已启用', type='positive')
    refresh()
